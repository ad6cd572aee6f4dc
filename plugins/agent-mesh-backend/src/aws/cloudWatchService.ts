import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  AlarmSummary,
  MetricSeries,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
  AwsTarget,
} from './awsClientFactory';

/** The Step Functions metrics the snapshot charts, one series each, for the orchestration state machine. */
export const RUN_METRICS = [
  { id: 'started', metric: 'ExecutionsStarted', label: 'Runs started' },
  { id: 'succeeded', metric: 'ExecutionsSucceeded', label: 'Runs succeeded' },
  { id: 'failed', metric: 'ExecutionsFailed', label: 'Runs failed' },
  { id: 'timedOut', metric: 'ExecutionsTimedOut', label: 'Runs timed out' },
  { id: 'throttled', metric: 'ExecutionThrottled', label: 'Throttled' },
] as const;

/**
 * Which run metrics {@link CloudWatchService.getRunMetrics} reads: the state machine's, over a time range, per period.
 *
 * @public
 */
export interface RunMetricsQuery {
  stateMachineArn: string;
  fromMs: number;
  toMs: number;
  periodSeconds: number;
}

/**
 * Reads a mesh's alarms and metrics from CloudWatch, in calls that do not grow with agents.
 *
 * @public
 */
export interface CloudWatchService {
  /** Every alarm whose name starts with the mesh's alarm prefix: one DescribeAlarms (100 alarms a page). */
  describeAlarms(
    target: AwsTarget,
    alarmPrefix: string,
  ): Promise<AlarmSummary[]>;
  /** All series of the mesh in one GetMetricData call. */
  getRunMetrics(
    target: AwsTarget,
    options: RunMetricsQuery,
  ): Promise<MetricSeries[]>;
}

/** @public */
export class DefaultCloudWatchService implements CloudWatchService {
  static fromConfig(deps: { clients: AwsClientFactory }) {
    return new DefaultCloudWatchService(deps.clients);
  }

  private constructor(private readonly clients: AwsClientFactory) {}

  async describeAlarms(target: AwsTarget, alarmPrefix: string) {
    const client = await this.clients.cloudWatch(target);
    const alarms: AlarmSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: alarmPrefix,
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: 100,
          NextToken: nextToken,
        }),
      );
      for (const alarm of [
        ...(page.MetricAlarms ?? []),
        ...(page.CompositeAlarms ?? []),
      ]) {
        if (!alarm.AlarmName) continue;
        const summary: AlarmSummary = {
          name: alarm.AlarmName,
          state: (alarm.StateValue ??
            'INSUFFICIENT_DATA') as AlarmSummary['state'],
        };
        if (alarm.AlarmDescription)
          summary.description = alarm.AlarmDescription;
        if (alarm.StateReason) summary.reason = alarm.StateReason;
        if (alarm.StateUpdatedTimestamp) {
          summary.updatedAt = new Date(
            alarm.StateUpdatedTimestamp,
          ).toISOString();
        }
        const agent = agentOfAlarm(alarm.AlarmName, alarmPrefix);
        if (agent) summary.agent = agent;
        alarms.push(summary);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return alarms.sort((a, b) => a.name.localeCompare(b.name));
  }

  async getRunMetrics(target: AwsTarget, options: RunMetricsQuery) {
    const client = await this.clients.cloudWatch(target);
    const queries: MetricDataQuery[] = RUN_METRICS.map(m => ({
      Id: m.id,
      Label: m.label,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/States',
          MetricName: m.metric,
          Dimensions: [
            { Name: 'StateMachineArn', Value: options.stateMachineArn },
          ],
        },
        Period: options.periodSeconds,
        Stat: 'Sum',
      },
      ReturnData: true,
    }));
    const byId = new Map<string, Array<[number, number]>>();
    // CloudWatch starts each period at the StartTime; starting on a period boundary (as AWS advises) gives
    // whole hours, the same buckets on every refresh, and a faster answer.
    const periodMs = options.periodSeconds * 1000;
    const startMs = Math.floor(options.fromMs / periodMs) * periodMs;
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(startMs),
          EndTime: new Date(options.toMs),
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        if (!result.Id) continue;
        const points = byId.get(result.Id) ?? [];
        (result.Timestamps ?? []).forEach((t, i) =>
          points.push([new Date(t).getTime(), result.Values?.[i] ?? 0]),
        );
        byId.set(result.Id, points);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return RUN_METRICS.map(m => {
      const points = (byId.get(m.id) ?? []).sort((a, b) => a[0] - b[0]);
      return {
        id: m.id,
        label: m.label,
        timestamps: points.map(p => new Date(p[0]).toISOString()),
        values: points.map(p => p[1]),
      };
    });
  }
}

/** `agent-mesh-<id>-agent-<agent>-task-failures` is the task-failure alarm of `<agent>`. */
export function agentOfAlarm(
  alarmName: string,
  alarmPrefix: string,
): string | undefined {
  if (!alarmName.startsWith(alarmPrefix)) return undefined;
  const match = /^agent-([a-z][a-z0-9-]*)-task-failures$/.exec(
    alarmName.slice(alarmPrefix.length),
  );
  return match?.[1];
}

/**
 * Reads alarms and metrics; replace it to read them another way.
 *
 * @public
 */
export const cloudWatchServiceRef = createServiceRef<CloudWatchService>({
  id: 'agent-mesh.cloudwatch',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef },
      factory: ({ clients }) =>
        DefaultCloudWatchService.fromConfig({ clients }),
    }),
});
