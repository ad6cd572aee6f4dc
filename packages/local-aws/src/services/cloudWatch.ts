import { AwsServiceError } from '../server/awsServiceError';
import { OperationTable } from '../server/awsJsonServer';
import { AlarmStore, AlarmState } from '../stores/alarmStore';
import {
  Dimension,
  MetricStore,
  Statistic,
  STATISTICS,
} from '../stores/metricStore';
import { decodeToken, encodeToken, epochSeconds, toEpochMs } from './paging';

const TARGET = 'GraniteServiceVersion20100801';

function invalidParameter(message: string): AwsServiceError {
  return new AwsServiceError(
    'InvalidParameterValueException',
    message,
    400,
    'InvalidParameterValue',
  );
}

function invalidToken(): AwsServiceError {
  return new AwsServiceError(
    'InvalidNextToken',
    'The next token specified is invalid.',
    400,
    'InvalidNextToken',
  );
}

function readToken<T>(
  token: unknown,
  check: (v: any) => boolean,
): T | undefined {
  try {
    return decodeToken<T>(token, 'InvalidNextToken', check);
  } catch {
    throw invalidToken();
  }
}

function checkDimensions(value: unknown): Dimension[] {
  if (value === undefined) return [];
  if (
    !Array.isArray(value) ||
    value.some(d => typeof d?.Name !== 'string' || typeof d?.Value !== 'string')
  ) {
    throw invalidParameter('Dimensions must be a list of { Name, Value }');
  }
  return value as Dimension[];
}

/**
 * GetMetricData's StartTime as CloudWatch rounds it: down to the minute when less than 15 days ago, to
 * 5 minutes up to 63 days ago, to the hour beyond. Periods then start at the rounded time.
 */
export function roundStartTime(startMs: number, nowMs: number): number {
  const age = nowMs - startMs;
  const day = 86_400_000;
  let unit = 60_000;
  if (age > 63 * day) unit = 3_600_000;
  else if (age > 15 * day) unit = 300_000;
  return Math.floor(startMs / unit) * unit;
}

/**
 * The CloudWatch operations (AWS JSON 1.0 with Query-compatible errors, `GraniteServiceVersion20100801.*`).
 */
export function cloudWatchOperations(deps: {
  metrics: MetricStore;
  alarms: AlarmStore;
  now: () => number;
}): OperationTable {
  const { metrics, alarms, now } = deps;
  return {
    [`${TARGET}.DescribeAlarms`]: async (input, context) => {
      const maxRecords =
        input.MaxRecords === undefined ? 50 : Number(input.MaxRecords);
      if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 100) {
        throw invalidParameter('MaxRecords must be between 1 and 100');
      }
      const names = input.AlarmNames as string[] | undefined;
      const prefix = input.AlarmNamePrefix as string | undefined;
      if (names && prefix) {
        throw invalidParameter(
          'AlarmNames and AlarmNamePrefix cannot be used together',
        );
      }
      const stateValue = input.StateValue as AlarmState | undefined;
      const types = input.AlarmTypes as string[] | undefined;
      const after = readToken<{ n: string }>(
        input.NextToken,
        v => typeof v?.n === 'string',
      );
      const matching = (
        types && !types.includes('MetricAlarm')
          ? []
          : alarms.list(context.region, now())
      )
        .filter(a => !names || names.includes(a.definition.name))
        .filter(a => !prefix || a.definition.name.startsWith(prefix))
        .filter(a => !stateValue || a.state === stateValue)
        .filter(a => !after || a.definition.name > after.n);
      const page = matching.slice(0, maxRecords);
      return {
        MetricAlarms: page.map(a => ({
          AlarmName: a.definition.name,
          AlarmArn: a.arn,
          AlarmDescription: a.definition.description,
          AlarmConfigurationUpdatedTimestamp: epochSeconds(
            a.definition.createdMs,
          ),
          ActionsEnabled: true,
          OKActions: [],
          AlarmActions: [],
          InsufficientDataActions: [],
          StateValue: a.state,
          StateReason: a.reason,
          StateReasonData: a.reasonData,
          StateUpdatedTimestamp: epochSeconds(a.stateUpdated),
          StateTransitionedTimestamp: epochSeconds(a.stateUpdated),
          MetricName: a.definition.metricName,
          Namespace: a.definition.namespace,
          Statistic: a.definition.statistic,
          Dimensions: a.definition.dimensions,
          Period: a.definition.periodSeconds,
          EvaluationPeriods: 1,
          Threshold: a.definition.threshold,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        })),
        CompositeAlarms: [],
        ...(matching.length > page.length
          ? {
              NextToken: encodeToken({
                n: page[page.length - 1].definition.name,
              }),
            }
          : {}),
      };
    },

    [`${TARGET}.DescribeAlarmHistory`]: async (input, context) => {
      const maxRecords =
        input.MaxRecords === undefined ? 100 : Number(input.MaxRecords);
      if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 100) {
        throw invalidParameter('MaxRecords must be between 1 and 100');
      }
      const type = input.HistoryItemType as string | undefined;
      const start =
        input.StartDate === undefined
          ? -Infinity
          : toEpochMs(input.StartDate, 'StartDate');
      const end =
        input.EndDate === undefined
          ? Infinity
          : toEpochMs(input.EndDate, 'EndDate');
      const ascending = input.ScanBy === 'TimestampAscending';
      const after = readToken<{ i: number }>(input.NextToken, v =>
        Number.isInteger(v?.i),
      );
      const metricAlarms =
        !input.AlarmTypes ||
        (input.AlarmTypes as string[]).includes('MetricAlarm');
      const items = (
        !metricAlarms || (type && type !== 'StateUpdate')
          ? []
          : alarms.list(context.region, now())
      )
        .filter(a => !input.AlarmName || a.definition.name === input.AlarmName)
        .flatMap(a =>
          a.transitions
            .filter(t => t.timestamp >= start && t.timestamp < end)
            .map(t => ({
              AlarmName: a.definition.name,
              AlarmType: 'MetricAlarm',
              Timestamp: t.timestamp,
              HistoryItemType: 'StateUpdate',
              HistorySummary: `Alarm updated from ${t.from} to ${t.to}`,
              HistoryData: JSON.stringify({
                version: '1.0',
                oldState: { stateValue: t.from },
                newState: {
                  stateValue: t.to,
                  stateReason: t.reason,
                  stateReasonData: JSON.parse(t.reasonData),
                },
              }),
            })),
        )
        .sort((a, b) =>
          ascending ? a.Timestamp - b.Timestamp : b.Timestamp - a.Timestamp,
        );
      const offset = after?.i ?? 0;
      const page = items.slice(offset, offset + maxRecords);
      return {
        AlarmHistoryItems: page.map(i => ({
          ...i,
          Timestamp: epochSeconds(i.Timestamp),
        })),
        ...(offset + maxRecords < items.length
          ? { NextToken: encodeToken({ i: offset + maxRecords }) }
          : {}),
      };
    },

    [`${TARGET}.GetMetricData`]: async (input, context) => {
      const queries = input.MetricDataQueries as
        | Array<Record<string, any>>
        | undefined;
      if (
        !Array.isArray(queries) ||
        queries.length === 0 ||
        queries.length > 500
      ) {
        throw invalidParameter('MetricDataQueries must hold 1 to 500 queries');
      }
      const startMs = roundStartTime(
        toEpochMs(input.StartTime, 'StartTime'),
        now(),
      );
      const endMs = toEpochMs(input.EndTime, 'EndTime');
      if (endMs <= startMs)
        throw invalidParameter(
          'The parameter StartTime must be less than the parameter EndTime.',
        );
      const maxDatapoints =
        input.MaxDatapoints === undefined
          ? 100_800
          : Number(input.MaxDatapoints);
      const descending = input.ScanBy !== 'TimestampAscending';
      const after = readToken<{ q: number; o: number }>(
        input.NextToken,
        v => Number.isInteger(v?.q) && Number.isInteger(v?.o),
      );
      const ids = new Set<string>();
      const results = queries.map(q => {
        if (typeof q.Id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) {
          throw invalidParameter(
            `The value ${q.Id} for parameter MetricDataQueries.member.Id is invalid.`,
          );
        }
        if (ids.has(q.Id))
          throw invalidParameter(
            `The value ${q.Id} for parameter MetricDataQueries.member.Id is duplicated.`,
          );
        ids.add(q.Id);
        if (q.Expression !== undefined) {
          throw invalidParameter(
            'Metric math expressions are not served by local-aws; use MetricStat queries',
          );
        }
        const stat = q.MetricStat as Record<string, any> | undefined;
        if (!stat?.Metric?.Namespace || !stat.Metric.MetricName) {
          throw invalidParameter(
            `Query ${q.Id} needs MetricStat.Metric with Namespace and MetricName`,
          );
        }
        if (!(STATISTICS as readonly string[]).includes(stat.Stat)) {
          throw invalidParameter(
            `The statistic ${
              stat.Stat
            } is not served by local-aws (served: ${STATISTICS.join(', ')})`,
          );
        }
        const period = Number(stat.Period);
        if (!Number.isInteger(period) || period < 60 || period % 60 !== 0) {
          throw invalidParameter(
            'The parameter MetricStat.Period must be a multiple of 60.',
          );
        }
        const points = metrics.query(
          context.region,
          stat.Metric.Namespace,
          stat.Metric.MetricName,
          checkDimensions(stat.Metric.Dimensions),
          startMs,
          endMs,
          period * 1000,
          stat.Stat as Statistic,
        );
        if (descending) points.reverse();
        return {
          id: q.Id,
          label: q.Label ?? stat.Metric.MetricName,
          returnData: q.ReturnData !== false,
          points,
        };
      });
      let budget = maxDatapoints;
      let nextToken: string | undefined;
      const out = [];
      for (let qi = 0; qi < results.length; qi++) {
        const r = results[qi];
        if (!r.returnData) continue;
        let offset = 0;
        if (after) {
          if (qi < after.q) continue;
          if (qi === after.q) offset = after.o;
        }
        if (budget <= 0) {
          nextToken = nextToken ?? encodeToken({ q: qi, o: offset });
          break;
        }
        const slice = r.points.slice(offset, offset + budget);
        budget -= slice.length;
        const complete = offset + slice.length >= r.points.length;
        if (!complete)
          nextToken = encodeToken({ q: qi, o: offset + slice.length });
        out.push({
          Id: r.id,
          Label: r.label,
          Timestamps: slice.map(p => epochSeconds(p.timestamp)),
          Values: slice.map(p => p.value),
          StatusCode: complete ? 'Complete' : 'PartialData',
        });
        if (!complete) break;
      }
      return {
        MetricDataResults: out,
        Messages: [],
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    [`${TARGET}.PutMetricData`]: async (input, context) => {
      const namespace = input.Namespace;
      if (
        typeof namespace !== 'string' ||
        namespace === '' ||
        namespace.startsWith('AWS/')
      ) {
        throw invalidParameter(
          'The value AWS/ for parameter Namespace is invalid.',
        );
      }
      const data = input.MetricData as Array<Record<string, any>> | undefined;
      if (!Array.isArray(data) || data.length === 0 || data.length > 1000) {
        throw invalidParameter('MetricData must hold 1 to 1000 items');
      }
      for (const datum of data) {
        if (typeof datum.MetricName !== 'string')
          throw invalidParameter('MetricData.member.MetricName is required');
        const timestamp =
          datum.Timestamp === undefined
            ? now()
            : toEpochMs(datum.Timestamp, 'Timestamp');
        const dims = checkDimensions(datum.Dimensions);
        const put = (value: number, count?: number) =>
          metrics.put(
            context.region,
            namespace,
            datum.MetricName,
            dims,
            timestamp,
            value,
            count,
          );
        // A datum is a statistic set, a list of values with their counts, or one value.
        if (datum.StatisticValues) {
          const s = datum.StatisticValues;
          put(Number(s.Sum), Number(s.SampleCount));
        } else if (Array.isArray(datum.Values)) {
          datum.Values.forEach((v: number, i: number) => {
            const count = Array.isArray(datum.Counts)
              ? Number(datum.Counts[i])
              : 1;
            for (let c = 0; c < count; c++) put(Number(v));
          });
        } else {
          put(Number(datum.Value ?? 0));
        }
      }
      return {};
    },

    [`${TARGET}.ListMetrics`]: async (input, context) => {
      const after = readToken<{ i: number }>(input.NextToken, v =>
        Number.isInteger(v?.i),
      );
      const wanted = checkDimensions(
        (
          input.Dimensions as
            | Array<{ Name: string; Value?: string }>
            | undefined
        )?.map(d => ({
          Name: d.Name,
          Value: d.Value ?? '',
        })),
      );
      const all = metrics
        .list(context.region)
        .filter(m => !input.Namespace || m.namespace === input.Namespace)
        .filter(m => !input.MetricName || m.metricName === input.MetricName)
        .filter(m =>
          wanted.every(w =>
            m.dimensions.some(
              d => d.Name === w.Name && (!w.Value || d.Value === w.Value),
            ),
          ),
        )
        .sort((a, b) =>
          `${a.namespace}${a.metricName}`.localeCompare(
            `${b.namespace}${b.metricName}`,
          ),
        );
      const offset = after?.i ?? 0;
      const page = all.slice(offset, offset + 500);
      return {
        Metrics: page.map(m => ({
          Namespace: m.namespace,
          MetricName: m.metricName,
          Dimensions: m.dimensions,
        })),
        ...(offset + 500 < all.length
          ? { NextToken: encodeToken({ i: offset + 500 }) }
          : {}),
      };
    },
  };
}
