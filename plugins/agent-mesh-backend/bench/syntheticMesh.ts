/*
 * A synthetic mesh served over the AWS wire protocols by local-aws's server (`startAwsJsonServer`), for the
 * benchmark: `agentCount` agents, `runsPerDay` runs spread evenly over the last day, one alarm per agent plus
 * the mesh alarms, hourly metrics, and daily cost. The operations answer like AWS (newest-first paging of
 * ListExecutions, MaxRecords paging of DescribeAlarms, BatchGetItem). It stands in for local-aws's demo
 * world until that world can be started with a 16-agent mesh from outside the package.
 */
import { OperationTable } from 'local-aws';

const DAY_MS = 24 * 3600 * 1000;

export interface SyntheticMesh {
  operations: OperationTable;
  /** Adds the runs that start between the last call and `nowMs`. */
  advanceTo(nowMs: number): void;
  runCount(): number;
}

export function syntheticMesh(options: {
  meshId: string;
  region: string;
  accountId: string;
  agents: string[];
  runsPerDay: number;
  nowMs: number;
}): SyntheticMesh {
  const { meshId, region, accountId, agents, runsPerDay } = options;
  const machineArn = `arn:aws:states:${region}:${accountId}:stateMachine:agent-mesh-${meshId}-orchestration`;
  const lanes = ['read_only', 'dry_run', 'execute'];
  const gapMs = DAY_MS / runsPerDay;
  // Newest last while building; ListExecutions answers newest first.
  const runs: Array<{ name: string; startMs: number; status: string }> = [];
  let nextStart = options.nowMs - DAY_MS;
  let counter = 0;
  let now = options.nowMs;

  const advanceTo = (nowMs: number) => {
    now = nowMs;
    for (; nextStart <= nowMs; nextStart += gapMs, counter++) {
      const agent = agents[counter % agents.length];
      const lane = lanes[counter % lanes.length];
      runs.push({
        name: `${agent}--${lane}--${counter.toString(36).padStart(8, '0')}`,
        startMs: nextStart,
        status: 'PENDING',
      });
    }
  };
  const statusOf = (run: { startMs: number }, index: number) => {
    if (now - run.startMs < 60_000) return 'RUNNING';
    return index % 20 === 0 ? 'FAILED' : 'SUCCEEDED';
  };
  const item = (run: { name: string; startMs: number }, index: number) => {
    const status = statusOf(run, index);
    return {
      name: run.name,
      executionArn: `${machineArn.replace(':stateMachine:', ':execution:')}:${
        run.name
      }`,
      stateMachineArn: machineArn,
      status,
      startDate: run.startMs / 1000,
      ...(status === 'RUNNING'
        ? {}
        : { stopDate: (run.startMs + 50_000) / 1000 }),
    };
  };
  advanceTo(options.nowMs);

  const alarms = [
    'orchestration-executions-failed',
    'orchestration-executions-timed-out',
    'orchestration-executions-throttled',
    'subtasks-dlq-depth',
    ...agents.map(a => `agent-${a}-task-failures`),
  ].map((name, i) => ({
    AlarmName: `agent-mesh-${meshId}-${name}`,
    StateValue: i === 4 ? 'ALARM' : 'OK',
  }));

  const operations: OperationTable = {
    'AWSStepFunctions.ListExecutions': async input => {
      const max = Number(input.maxResults ?? 100);
      const offset = Number(input.nextToken ?? 0);
      let listed = runs.map((r, i) => ({ r, i })).reverse();
      if (input.statusFilter) {
        listed = listed.filter(
          ({ r, i }) => statusOf(r, i) === input.statusFilter,
        );
      }
      const page = listed
        .slice(offset, offset + max)
        .map(({ r, i }) => item(r, i));
      return {
        executions: page,
        ...(offset + max < listed.length
          ? { nextToken: String(offset + max) }
          : {}),
      };
    },
    'AWSStepFunctions.DescribeExecution': async input => {
      const name = String(input.executionArn).split(':').pop();
      const index = runs.findIndex(r => r.name === name);
      return item(runs[index], index);
    },
    'AWSStepFunctions.GetExecutionHistory': async () => ({
      events: [{ id: 1, timestamp: now / 1000, type: 'ExecutionStarted' }],
    }),
    'GraniteServiceVersion20100801.DescribeAlarms': async input => {
      const max = Number(input.MaxRecords ?? 50);
      const offset = Number(input.NextToken ?? 0);
      const matching = alarms.filter(a =>
        a.AlarmName.startsWith(String(input.AlarmNamePrefix ?? '')),
      );
      return {
        MetricAlarms: matching.slice(offset, offset + max),
        ...(offset + max < matching.length
          ? { NextToken: String(offset + max) }
          : {}),
      };
    },
    'GraniteServiceVersion20100801.GetMetricData': async input => ({
      MetricDataResults: (input.MetricDataQueries as Array<{ Id: string }>).map(
        q => ({
          Id: q.Id,
          StatusCode: 'Complete',
          Timestamps: Array.from({ length: 24 }, (_, h) =>
            Math.floor((now - h * 3600_000) / 1000),
          ),
          Values: Array.from({ length: 24 }, () => Math.round(runsPerDay / 24)),
        }),
      ),
    }),
    'DynamoDB_20120810.BatchGetItem': async input => {
      const [table, request] = Object.entries(
        input.RequestItems as Record<
          string,
          { Keys: Array<{ pk: { S: string } }> }
        >,
      )[0];
      return {
        Responses: {
          [table]: request.Keys.map((key, i) => ({
            pk: key.pk,
            sk: { S: 'lane' },
            lane: { S: lanes[i % lanes.length] },
            version: { N: '1' },
          })),
        },
      };
    },
    'AWSInsightsIndexService.GetCostAndUsage': async input => {
      const byService =
        (input.GroupBy as Array<{ Key: string }>)[0].Key === 'SERVICE';
      const start = Date.parse(
        `${(input.TimePeriod as { Start: string }).Start}T00:00:00Z`,
      );
      const end = Date.parse(
        `${(input.TimePeriod as { End: string }).End}T00:00:00Z`,
      );
      const days = [];
      for (let d = start; d < end; d += DAY_MS) {
        const day = new Date(d).toISOString().slice(0, 10);
        const groups = byService
          ? ['AWS Fargate', 'AWS Step Functions', 'AmazonCloudWatch'].map(
              (s, i) => ({
                Keys: [s],
                Metrics: {
                  UnblendedCost: { Amount: String(10 - i * 3), Unit: 'USD' },
                },
              }),
            )
          : agents.map(a => ({
              Keys: [`agent-mesh:agent$${a}`, 'agent-mesh:lane$dry_run'],
              Metrics: { UnblendedCost: { Amount: '0.5', Unit: 'USD' } },
            }));
        days.push({ TimePeriod: { Start: day, End: day }, Groups: groups });
      }
      return { ResultsByTime: days };
    },
    'AWSInsightsIndexService.GetCostForecast': async () => ({
      Total: { Amount: '420', Unit: 'USD' },
    }),
  };

  return { operations, advanceTo, runCount: () => runs.length };
}
