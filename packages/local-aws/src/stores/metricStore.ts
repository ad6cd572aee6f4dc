/** A metric dimension as CloudWatch names it. */
export interface Dimension {
  Name: string;
  Value: string;
}

/** The metric statistics a datapoint bucket can answer. */
export const STATISTICS = [
  'Sum',
  'SampleCount',
  'Average',
  'Minimum',
  'Maximum',
] as const;
export type Statistic = (typeof STATISTICS)[number];

/** Storage resolution: one bucket per minute, CloudWatch's standard resolution. */
export const BUCKET_MS = 60_000;

interface Series {
  region: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  /** Minute index → [sum, sampleCount, minimum, maximum]. */
  points: Map<number, [number, number, number, number]>;
}

function seriesKey(
  region: string,
  namespace: string,
  metricName: string,
  dimensions: Dimension[],
): string {
  const dims = [...dimensions]
    .sort((a, b) => a.Name.localeCompare(b.Name))
    .map(d => `${d.Name}=${d.Value}`)
    .join(',');
  return `${region}|${namespace}|${metricName}|${dims}`;
}

/**
 * CloudWatch metric datapoints, aggregated per minute per series, as CloudWatch stores standard-resolution data.
 */
export class MetricStore {
  private readonly series = new Map<string, Series>();

  put(
    region: string,
    namespace: string,
    metricName: string,
    dimensions: Dimension[],
    timestampMs: number,
    value: number,
    count = 1,
  ): void {
    const key = seriesKey(region, namespace, metricName, dimensions);
    let series = this.series.get(key);
    if (!series) {
      series = {
        region,
        namespace,
        metricName,
        dimensions: [...dimensions],
        points: new Map(),
      };
      this.series.set(key, series);
    }
    const minute = Math.floor(timestampMs / BUCKET_MS);
    const point = series.points.get(minute);
    if (point) {
      point[0] += value;
      point[1] += count;
      point[2] = Math.min(point[2], value);
      point[3] = Math.max(point[3], value);
    } else {
      series.points.set(minute, [value, count, value, value]);
    }
  }

  /**
   * The statistic per period over [startMs, endMs), for periods that hold data, oldest first.
   * Periods are aligned to multiples of `periodMs` since the epoch.
   */
  query(
    region: string,
    namespace: string,
    metricName: string,
    dimensions: Dimension[],
    startMs: number,
    endMs: number,
    periodMs: number,
    statistic: Statistic,
  ): Array<{ timestamp: number; value: number }> {
    const series = this.series.get(
      seriesKey(region, namespace, metricName, dimensions),
    );
    if (!series) return [];
    // Periods start at `startMs` (rounded down to the minute), as CloudWatch aligns them to the StartTime.
    const origin = Math.floor(startMs / BUCKET_MS) * BUCKET_MS;
    const firstMinute = origin / BUCKET_MS;
    const endMinute = Math.ceil(endMs / BUCKET_MS);
    const buckets = new Map<number, [number, number, number, number]>();
    const add = (minute: number, point: [number, number, number, number]) => {
      const period =
        origin +
        Math.floor((minute * BUCKET_MS - origin) / periodMs) * periodMs;
      const agg = buckets.get(period);
      if (agg) {
        agg[0] += point[0];
        agg[1] += point[1];
        agg[2] = Math.min(agg[2], point[2]);
        agg[3] = Math.max(agg[3], point[3]);
      } else {
        buckets.set(period, [...point]);
      }
    };
    if (endMinute - firstMinute > series.points.size) {
      for (const [minute, point] of series.points) {
        if (minute >= firstMinute && minute < endMinute) add(minute, point);
      }
    } else {
      for (let minute = firstMinute; minute < endMinute; minute++) {
        const point = series.points.get(minute);
        if (point) add(minute, point);
      }
    }
    return [...buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([timestamp, [sum, count, min, max]]) => ({
        timestamp,
        value: statisticOf(statistic, sum, count, min, max),
      }));
  }

  /** The series of a region, for ListMetrics. */
  list(
    region: string,
  ): Array<{ namespace: string; metricName: string; dimensions: Dimension[] }> {
    return [...this.series.values()]
      .filter(s => s.region === region)
      .map(s => ({
        namespace: s.namespace,
        metricName: s.metricName,
        dimensions: s.dimensions,
      }));
  }

  /** Drops every series whose dimensions mention `value` (a mesh's names). */
  removeWhere(predicate: (dimensions: Dimension[]) => boolean): void {
    for (const [key, s] of this.series)
      if (predicate(s.dimensions)) this.series.delete(key);
  }

  /** Number of stored minute buckets, for memory checks. */
  get size(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.points.size;
    return n;
  }
}

function statisticOf(
  statistic: Statistic,
  sum: number,
  count: number,
  min: number,
  max: number,
): number {
  switch (statistic) {
    case 'Sum':
      return sum;
    case 'SampleCount':
      return count;
    case 'Average':
      return count === 0 ? 0 : sum / count;
    case 'Minimum':
      return min;
    case 'Maximum':
    default:
      return max;
  }
}
