import { Dimension, MetricStore, Statistic } from './metricStore';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** A metric alarm as AgentObservability creates it: threshold >= 1 over one period, missing data not breaching. */
export interface AlarmDefinition {
  name: string;
  region: string;
  account: string;
  meshId: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  statistic: Statistic;
  periodSeconds: number;
  threshold: number;
  createdMs: number;
}

export interface AlarmTransition {
  timestamp: number;
  from: AlarmState;
  to: AlarmState;
  reason: string;
  reasonData: string;
}

interface AlarmRecord {
  definition: AlarmDefinition;
  state: AlarmState;
  reason: string;
  reasonData: string;
  stateUpdated: number;
  /** The end of the last evaluated period. */
  evaluatedUntil: number;
  transitions: AlarmTransition[];
}

/**
 * CloudWatch metric alarms, evaluated against the metric store period by period, as CloudWatch does at the
 * end of each period: the state and every transition follow from the recorded datapoints.
 */
export class AlarmStore {
  private readonly alarms = new Map<string, AlarmRecord>();

  constructor(private readonly metrics: MetricStore) {}

  add(definition: AlarmDefinition): void {
    this.alarms.set(`${definition.region}|${definition.name}`, {
      definition,
      state: 'INSUFFICIENT_DATA',
      reason: 'Unchecked: Initial alarm creation',
      reasonData: '{}',
      stateUpdated: definition.createdMs,
      evaluatedUntil: alignDown(
        definition.createdMs,
        definition.periodSeconds * 1000,
      ),
      transitions: [],
    });
  }

  removeMesh(meshId: string): void {
    for (const [key, alarm] of this.alarms) {
      if (alarm.definition.meshId === meshId) this.alarms.delete(key);
    }
  }

  /** The alarms of a region by name, each evaluated up to `now`. */
  list(region: string, now: number): Array<AlarmRecord & { arn: string }> {
    return [...this.alarms.values()]
      .filter(a => a.definition.region === region)
      .sort((a, b) => a.definition.name.localeCompare(b.definition.name))
      .map(a => {
        this.evaluate(a, now);
        return {
          ...a,
          arn: `arn:aws:cloudwatch:${a.definition.region}:${a.definition.account}:alarm:${a.definition.name}`,
        };
      });
  }

  private evaluate(alarm: AlarmRecord, now: number): void {
    const d = alarm.definition;
    const periodMs = d.periodSeconds * 1000;
    const lastComplete = alignDown(now, periodMs);
    if (alarm.evaluatedUntil >= lastComplete) return;
    const points = new Map(
      this.metrics
        .query(
          d.region,
          d.namespace,
          d.metricName,
          d.dimensions,
          alarm.evaluatedUntil,
          lastComplete,
          periodMs,
          d.statistic,
        )
        .map(p => [p.timestamp, p.value]),
    );
    for (
      let start = alarm.evaluatedUntil;
      start < lastComplete;
      start += periodMs
    ) {
      const value = points.get(start);
      const breaching = value !== undefined && value >= d.threshold;
      const next: AlarmState = breaching ? 'ALARM' : 'OK';
      if (next === alarm.state) continue;
      const end = start + periodMs;
      const reason =
        value === undefined
          ? `Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].`
          : `Threshold Crossed: 1 datapoint [${value.toFixed(1)} (${formatStamp(
              start,
            )})] was ${
              breaching
                ? 'greater than or equal to'
                : 'not greater than or equal to'
            } the threshold (${d.threshold.toFixed(1)}).`;
      const reasonData = JSON.stringify({
        version: '1.0',
        queryDate: new Date(end).toISOString().replace('Z', '+0000'),
        startDate: new Date(start).toISOString().replace('Z', '+0000'),
        statistic: d.statistic,
        period: d.periodSeconds,
        recentDatapoints: value === undefined ? [] : [value],
        threshold: d.threshold,
        evaluatedDatapoints: [
          {
            timestamp: new Date(start).toISOString().replace('Z', '+0000'),
            sampleCount: 1,
            value: value ?? 0,
          },
        ],
      });
      alarm.transitions.push({
        timestamp: end,
        from: alarm.state,
        to: next,
        reason,
        reasonData,
      });
      alarm.state = next;
      alarm.reason = reason;
      alarm.reasonData = reasonData;
      alarm.stateUpdated = end;
    }
    alarm.evaluatedUntil = lastComplete;
  }
}

function alignDown(ms: number, periodMs: number): number {
  return Math.floor(ms / periodMs) * periodMs;
}

function formatStamp(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${String(
    d.getUTCFullYear(),
  ).slice(2)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`;
}
