import { AwsServiceError, validationError } from '../server/awsServiceError';
import { OperationTable } from '../server/awsJsonServer';
import {
  CostLine,
  CostStore,
  DAY_MS,
  dayOf,
  isoDay,
} from '../stores/costStore';
import { decodeToken, encodeToken } from './paging';

const TARGET = 'AWSInsightsIndexService';

/** The cost metrics served; every one is the list-price amount here (no discounts, credits or reservations). */
const COST_METRICS = [
  'UnblendedCost',
  'BlendedCost',
  'AmortizedCost',
  'NetUnblendedCost',
  'NetAmortizedCost',
];
const FORECAST_METRICS: Record<string, string> = {
  UNBLENDED_COST: 'UnblendedCost',
  BLENDED_COST: 'BlendedCost',
  AMORTIZED_COST: 'AmortizedCost',
  NET_UNBLENDED_COST: 'NetUnblendedCost',
  NET_AMORTIZED_COST: 'NetAmortizedCost',
};
const DIMENSIONS: Record<string, (line: CostLine) => string> = {
  SERVICE: l => l.service,
  REGION: l => l.region,
  LINKED_ACCOUNT: l => l.account,
};
/** Groups per page of `GetCostAndUsage` before it answers with a NextPageToken. */
export const COST_PAGE_GROUPS = 500;

interface Expression {
  And?: Expression[];
  Or?: Expression[];
  Not?: Expression;
  Dimensions?: { Key: string; Values?: string[]; MatchOptions?: string[] };
  Tags?: { Key: string; Values?: string[]; MatchOptions?: string[] };
  CostCategories?: unknown;
}

function parseDay(value: unknown, field: string): number {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw validationError(`${field} must be a date in the form YYYY-MM-DD`);
  }
  return dayOf(Date.parse(`${value}T00:00:00Z`));
}

function matches(expression: Expression | undefined, line: CostLine): boolean {
  if (!expression) return true;
  const keys = Object.keys(expression).filter(
    k => (expression as any)[k] !== undefined,
  );
  if (keys.length !== 1) {
    throw validationError(
      'An Expression must hold exactly one of And, Or, Not, Dimensions, Tags, CostCategories',
    );
  }
  if (expression.And) return expression.And.every(e => matches(e, line));
  if (expression.Or) return expression.Or.some(e => matches(e, line));
  if (expression.Not) return !matches(expression.Not, line);
  if (expression.CostCategories) return false;
  const test = expression.Dimensions ?? expression.Tags!;
  let value: string | undefined;
  if (expression.Dimensions) {
    const read = DIMENSIONS[test.Key];
    if (!read)
      throw validationError(
        `Dimension ${
          test.Key
        } is not served by local-aws (served: ${Object.keys(DIMENSIONS).join(
          ', ',
        )})`,
      );
    value = read(line);
  } else {
    value = line.tags[test.Key];
  }
  const options = test.MatchOptions ?? ['EQUALS'];
  if (options.includes('ABSENT')) return value === undefined || value === '';
  if (value === undefined) return false;
  const values = test.Values ?? [];
  const caseSensitive = !options.includes('CASE_INSENSITIVE');
  const norm = (s: string) => (caseSensitive ? s : s.toLowerCase());
  return values.some(v => {
    if (options.includes('STARTS_WITH'))
      return norm(value!).startsWith(norm(v));
    if (options.includes('ENDS_WITH')) return norm(value!).endsWith(norm(v));
    if (options.includes('CONTAINS')) return norm(value!).includes(norm(v));
    return norm(value!) === norm(v);
  });
}

function amount(value: number): { Amount: string; Unit: 'USD' } {
  return { Amount: String(Number(value.toFixed(10))), Unit: 'USD' };
}

/** Periods of [fromDay, toDay) at DAILY or MONTHLY granularity, as [startDay, endDay) pairs. */
function periods(
  fromDay: number,
  toDay: number,
  granularity: string,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (granularity === 'DAILY') {
    for (let d = fromDay; d < toDay; d++) out.push([d, d + 1]);
    return out;
  }
  let start = fromDay;
  while (start < toDay) {
    const date = new Date(start * DAY_MS);
    const nextMonth = dayOf(
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
    );
    const end = Math.min(nextMonth, toDay);
    out.push([start, end]);
    start = end;
  }
  return out;
}

/** The Cost Explorer operations (AWS JSON 1.1, `AWSInsightsIndexService.*`). Cost Explorer is global: no region scope. */
export function costExplorerOperations(deps: {
  costs: CostStore;
  now: () => number;
}): OperationTable {
  const { costs, now } = deps;
  return {
    [`${TARGET}.GetCostAndUsage`]: async input => {
      const period = input.TimePeriod as
        | { Start?: string; End?: string }
        | undefined;
      const fromDay = parseDay(period?.Start, 'TimePeriod.Start');
      const toDay = parseDay(period?.End, 'TimePeriod.End');
      if (fromDay >= toDay)
        throw validationError(
          'Start date (and hour) should be before end date (and hour)',
        );
      const granularity = input.Granularity as string | undefined;
      if (granularity !== 'DAILY' && granularity !== 'MONTHLY') {
        throw validationError(
          granularity === 'HOURLY'
            ? 'Hourly granularity is not enabled for this account'
            : 'Granularity must be DAILY or MONTHLY',
        );
      }
      const metrics = input.Metrics as string[] | undefined;
      if (!Array.isArray(metrics) || metrics.length === 0) {
        throw validationError('Metrics is required');
      }
      for (const m of metrics) {
        if (!COST_METRICS.includes(m)) {
          throw validationError(
            `Metric ${m} is not served by local-aws (served: ${COST_METRICS.join(
              ', ',
            )})`,
          );
        }
      }
      const groupBy =
        (input.GroupBy as Array<{ Type: string; Key: string }> | undefined) ??
        [];
      if (groupBy.length > 2)
        throw validationError('GroupBy takes at most two groups');
      const groupers = groupBy.map(g => {
        if (g.Type === 'TAG')
          return (l: CostLine) => `${g.Key}$${l.tags[g.Key] ?? ''}`;
        if (g.Type === 'DIMENSION' && DIMENSIONS[g.Key])
          return DIMENSIONS[g.Key];
        throw validationError(
          `Group by ${g.Type} ${g.Key} is not served by local-aws`,
        );
      });
      const filter = input.Filter as Expression | undefined;
      const today = dayOf(now());
      const results = periods(fromDay, toDay, granularity).map(
        ([start, end]) => {
          const groups = new Map<string, { keys: string[]; total: number }>();
          let total = 0;
          for (const line of costs.lines(start, end)) {
            if (!matches(filter, line)) continue;
            total += line.amount;
            if (groupers.length > 0) {
              const keys = groupers.map(g => g(line));
              const key = keys.join('\u0000');
              const group = groups.get(key);
              if (group) group.total += line.amount;
              else groups.set(key, { keys, total: line.amount });
            }
          }
          const metricsOf = (value: number) =>
            Object.fromEntries(metrics.map(m => [m, amount(value)]));
          return {
            TimePeriod: { Start: isoDay(start), End: isoDay(end) },
            Total: groupers.length > 0 ? {} : metricsOf(total),
            Groups: [...groups.values()]
              .sort((a, b) => a.keys.join().localeCompare(b.keys.join()))
              .map(g => ({ Keys: g.keys, Metrics: metricsOf(g.total) })),
            Estimated: end > today,
          };
        },
      );
      const after = decodeToken<{ p: number }>(
        input.NextPageToken,
        'InvalidNextTokenException',
        v => Number.isInteger(v?.p),
      );
      let index = after?.p ?? 0;
      const page = [];
      let groupsInPage = 0;
      for (; index < results.length; index++) {
        const groups = Math.max(1, results[index].Groups.length);
        if (page.length > 0 && groupsInPage + groups > COST_PAGE_GROUPS) break;
        page.push(results[index]);
        groupsInPage += groups;
      }
      return {
        GroupDefinitions: groupBy.map(g => ({ Type: g.Type, Key: g.Key })),
        ResultsByTime: page,
        DimensionValueAttributes: [],
        ...(index < results.length
          ? { NextPageToken: encodeToken({ p: index }) }
          : {}),
      };
    },

    [`${TARGET}.GetCostForecast`]: async input => {
      const period = input.TimePeriod as
        | { Start?: string; End?: string }
        | undefined;
      const fromDay = parseDay(period?.Start, 'TimePeriod.Start');
      const toDay = parseDay(period?.End, 'TimePeriod.End');
      const today = dayOf(now());
      if (fromDay < today)
        throw validationError(
          'Start date must be equal to or greater than the current date',
        );
      if (fromDay >= toDay)
        throw validationError('Start date should be before end date');
      const granularity = input.Granularity as string | undefined;
      if (granularity !== 'DAILY' && granularity !== 'MONTHLY') {
        throw validationError('Granularity must be DAILY or MONTHLY');
      }
      if (granularity === 'DAILY' && toDay - fromDay > 93) {
        throw validationError('A DAILY forecast covers at most 3 months');
      }
      if (toDay - fromDay > 366)
        throw validationError('A forecast covers at most 12 months');
      const metric = input.Metric as string | undefined;
      if (!metric || !FORECAST_METRICS[metric]) {
        throw validationError(
          `Metric must be one of ${Object.keys(FORECAST_METRICS).join(', ')}`,
        );
      }
      const level =
        input.PredictionIntervalLevel === undefined
          ? 80
          : Number(input.PredictionIntervalLevel);
      if (!(level >= 51 && level <= 99))
        throw validationError(
          'PredictionIntervalLevel must be between 51 and 99',
        );
      const filter = input.Filter as Expression | undefined;
      // The forecast extrapolates the last 14 complete days of the filtered cost.
      const daily: number[] = [];
      for (let d = today - 14; d < today; d++) {
        let sum = 0;
        for (const line of costs.lines(d, d + 1))
          if (matches(filter, line)) sum += line.amount;
        daily.push(sum);
      }
      const observed = daily.filter(v => v > 0).length;
      if (observed < 3) {
        throw new AwsServiceError(
          'DataUnavailableException',
          'Insufficient amount of historical data to generate forecast.',
        );
      }
      const mean = daily.reduce((a, b) => a + b, 0) / daily.length;
      const sd = Math.sqrt(
        daily.reduce((a, b) => a + (b - mean) ** 2, 0) / daily.length,
      );
      const z = zScore(level);
      const results = periods(fromDay, toDay, granularity).map(
        ([start, end]) => {
          const days = end - start;
          const value = mean * days;
          const spread = z * sd * Math.sqrt(days);
          return {
            TimePeriod: { Start: isoDay(start), End: isoDay(end) },
            MeanValue: String(Number(value.toFixed(10))),
            PredictionIntervalLowerBound: String(
              Number(Math.max(0, value - spread).toFixed(10)),
            ),
            PredictionIntervalUpperBound: String(
              Number((value + spread).toFixed(10)),
            ),
          };
        },
      );
      return {
        Total: amount(mean * (toDay - fromDay)),
        ForecastResultsByTime: results,
      };
    },
  };
}

/** The two-sided normal quantile for a prediction interval level in percent (Acklam's approximation). */
function zScore(levelPercent: number): number {
  const p = 1 - (1 - levelPercent / 100) / 2;
  const a = [
    -39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269,
    -30.6647980661472, 2.50662827745924,
  ];
  const b = [
    -54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197,
    -13.2806815528857,
  ];
  const c = [
    -0.00778489400243029, -0.322396458041136, -2.40075827716184,
    -2.54973253934373, 4.37466414146497, 2.93816398269878,
  ];
  const d = [
    0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742,
  ];
  const q = Math.sqrt(-2 * Math.log(1 - p));
  if (p > 0.97575) {
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const r = p - 0.5;
  const s = r * r;
  return (
    ((((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) *
      r) /
    (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1)
  );
}
