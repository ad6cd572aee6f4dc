import {
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  InvalidNextToken,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { clientsFor, startTestAws, TEST_NOW } from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

const BILLING =
  'arn:aws:states:us-east-1:222222222222:stateMachine:agent-mesh-billing-staging-orchestration';

describe('CloudWatch over the real SDK client (JSON 1.0, query-compatible errors)', () => {
  let running: RunningLocalAws;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    running = await startTestAws();
    clients = clientsFor(running, 'us-east-1');
  });
  afterAll(() => running.close());

  it('describes the mesh alarms by prefix and state, in pages', async () => {
    const all = await clients.cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: 'agent-mesh-billing-staging/',
      }),
    );
    const names = all.MetricAlarms!.map(a => a.AlarmName);
    expect(names).toEqual(
      expect.arrayContaining([
        'agent-mesh-billing-staging/orchestration-executions-failed',
        'agent-mesh-billing-staging/orchestration-executions-timed-out',
        'agent-mesh-billing-staging/orchestration-executions-throttled',
        'agent-mesh-billing-staging/sweeper-executions-failed',
        'agent-mesh-billing-staging/subtasks-dlq-depth',
        'agent-mesh-billing-staging/agent-s3-expert-task-failures',
        'agent-mesh-billing-staging/tasks-failed-to-start',
      ]),
    );
    // AgentObservability's alarms for a medium mesh of 5 agents: 3 for each of the 2 state machines, the
    // subtask DLQ, one per agent and the tasks that never started.
    expect(names).toHaveLength(13);
    for (const alarm of all.MetricAlarms!) {
      expect(['OK', 'ALARM']).toContain(alarm.StateValue);
      expect(alarm.StateUpdatedTimestamp!.getTime()).toBeLessThanOrEqual(
        TEST_NOW,
      );
    }
    const page = await clients.cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: 'agent-mesh-billing-staging/',
        MaxRecords: 5,
      }),
    );
    expect(page.MetricAlarms).toHaveLength(5);
    const rest = await clients.cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: 'agent-mesh-billing-staging/',
        MaxRecords: 100,
        NextToken: page.NextToken,
      }),
    );
    expect(
      [...page.MetricAlarms!, ...rest.MetricAlarms!].map(a => a.AlarmName),
    ).toEqual(names);
    const ok = await clients.cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: 'agent-mesh-billing-staging/',
        StateValue: 'OK',
      }),
    );
    expect(ok.MetricAlarms!.every(a => a.StateValue === 'OK')).toBe(true);
    // Mesh `billing`'s prefix ends in `/`, which no mesh id holds, so it never reads `billing-staging`'s alarms.
    const billing = await clients.cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'agent-mesh-billing/' }),
    );
    expect(billing.MetricAlarms).toEqual([]);
    await expect(
      clients.cloudWatch.send(
        new DescribeAlarmsCommand({ NextToken: 'garbage' }),
      ),
    ).rejects.toBeInstanceOf(InvalidNextToken);
  });

  it('gives a small mesh no subtask DLQ alarm: it has no execute lane and no subtask queue', async () => {
    const small = await clientsFor(running, 'eu-west-1').cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'agent-mesh-support-dev/' }),
    );
    expect(small.MetricAlarms!.map(a => a.AlarmName).sort()).toEqual([
      'agent-mesh-support-dev/agent-conductor-task-failures',
      'agent-mesh-support-dev/agent-critic-task-failures',
      'agent-mesh-support-dev/agent-sweeper-task-failures',
      'agent-mesh-support-dev/orchestration-executions-failed',
      'agent-mesh-support-dev/orchestration-executions-throttled',
      'agent-mesh-support-dev/orchestration-executions-timed-out',
      'agent-mesh-support-dev/sweeper-executions-failed',
      'agent-mesh-support-dev/sweeper-executions-throttled',
      'agent-mesh-support-dev/sweeper-executions-timed-out',
      'agent-mesh-support-dev/tasks-failed-to-start',
    ]);
    const failedToStart = small.MetricAlarms!.find(a =>
      a.AlarmName!.endsWith('/tasks-failed-to-start'),
    )!;
    expect(failedToStart).toMatchObject({
      Namespace: 'AWS/Events',
      MetricName: 'TriggeredRules',
      Dimensions: [
        {
          Name: 'RuleName',
          Value: 'agent-mesh-support-dev-task-failed-to-start',
        },
      ],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      StateValue: 'OK',
    });
  });

  it('keeps alarm transitions consistent with the failed-run metric', async () => {
    const history = await clients.cloudWatch.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: 'agent-mesh-billing-staging/orchestration-executions-failed',
        MaxRecords: 100,
      }),
    );
    const toAlarm = history.AlarmHistoryItems!.filter(
      i => JSON.parse(i.HistoryData!).newState.stateValue === 'ALARM',
    );
    expect(toAlarm.length).toBeGreaterThan(0);
    // Each transition to ALARM ends a 5-minute period that holds at least one failed run.
    const at = toAlarm[0].Timestamp!.getTime();
    const failed = await clients.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: BILLING,
        statusFilter: 'FAILED',
        maxResults: 1000,
      }),
    );
    expect(
      failed.executions!.some(
        e =>
          e.stopDate!.getTime() >= at - 300_000 && e.stopDate!.getTime() < at,
      ),
    ).toBe(true);
  });

  it('answers several metric queries in one GetMetricData call, agreeing with the executions', async () => {
    const start = new Date(TEST_NOW - 7 * 86_400_000);
    const end = new Date(TEST_NOW);
    const stat = (
      id: string,
      namespace: string,
      name: string,
      dims: Array<{ Name: string; Value: string }>,
    ) => ({
      Id: id,
      MetricStat: {
        Metric: { Namespace: namespace, MetricName: name, Dimensions: dims },
        Period: 86_400,
        Stat: 'Sum',
      },
    });
    const dims = [{ Name: 'StateMachineArn', Value: BILLING }];
    const result = await clients.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        MetricDataQueries: [
          stat('started', 'AWS/States', 'ExecutionsStarted', dims),
          stat('succeeded', 'AWS/States', 'ExecutionsSucceeded', dims),
          stat('failed', 'AWS/States', 'ExecutionsFailed', dims),
          stat('throttled', 'AWS/States', 'ExecutionThrottled', dims),
          stat('s3ok', 'AgentMesh', 'RunsSucceeded', [
            { Name: 'MeshId', Value: 'billing-staging' },
            { Name: 'Agent', Value: 's3-expert' },
            { Name: 'Lane', Value: 'read_only' },
          ]),
        ],
      }),
    );
    const sum = (id: string) =>
      result
        .MetricDataResults!.find(r => r.Id === id)!
        .Values!.reduce((a, b) => a + b, 0);
    expect(result.MetricDataResults!.map(r => r.Id)).toEqual([
      'started',
      'succeeded',
      'failed',
      'throttled',
      's3ok',
    ]);
    expect(
      result.MetricDataResults![0].Timestamps![0].getTime(),
    ).toBeGreaterThan(result.MetricDataResults![0].Timestamps![1].getTime());
    const executions: Array<{
      startDate?: Date;
      status?: string;
      stopDate?: Date;
    }> = [];
    let nextToken: string | undefined;
    do {
      const page = await clients.sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: BILLING,
          maxResults: 1000,
          nextToken,
        }),
      );
      executions.push(...page.executions!);
      nextToken = page.nextToken;
    } while (nextToken);
    const startedInRange = executions.filter(
      e => e.startDate! >= start && e.startDate! < end,
    ).length;
    const succeededInRange = executions.filter(
      e =>
        e.status === 'SUCCEEDED' && e.stopDate! >= start && e.stopDate! < end,
    ).length;
    expect(sum('started')).toBe(startedInRange);
    expect(sum('succeeded')).toBe(succeededInRange);
    expect(sum('failed')).toBeGreaterThan(0);
    expect(sum('s3ok')).toBeGreaterThan(0);
  });

  it('aligns GetMetricData periods to the StartTime, as CloudWatch does, never answering a point before it', async () => {
    // 24 h before now, 17.5 minutes past an hour: rounded down to the minute (less than 15 days ago).
    const start = TEST_NOW - 86_400_000 + 17 * 60_000 + 30_000;
    const result = await clients.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(TEST_NOW),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          {
            Id: 'started',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/States',
                MetricName: 'ExecutionsStarted',
                Dimensions: [{ Name: 'StateMachineArn', Value: BILLING }],
              },
              Period: 3600,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    const times = result.MetricDataResults![0].Timestamps!.map(t =>
      t.getTime(),
    );
    expect(times.length).toBeGreaterThan(20);
    const origin = start - 30_000;
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(origin);
      expect((t - origin) % 3_600_000).toBe(0);
    }
  });

  it('pages GetMetricData by MaxDatapoints and records PutMetricData', async () => {
    await clients.cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'Test/Local',
        MetricData: [1, 2, 3].map(i => ({
          MetricName: 'Things',
          Value: i,
          Timestamp: new Date(TEST_NOW - i * 60_000),
        })),
      }),
    );
    const query = {
      StartTime: new Date(TEST_NOW - 3_600_000),
      EndTime: new Date(TEST_NOW),
      MaxDatapoints: 2,
      MetricDataQueries: [
        {
          Id: 'things',
          MetricStat: {
            Metric: { Namespace: 'Test/Local', MetricName: 'Things' },
            Period: 60,
            Stat: 'Maximum' as const,
          },
        },
      ],
    };
    const first = await clients.cloudWatch.send(
      new GetMetricDataCommand(query),
    );
    expect(first.MetricDataResults![0].Values).toEqual([1, 2]);
    expect(first.MetricDataResults![0].StatusCode).toBe('PartialData');
    const second = await clients.cloudWatch.send(
      new GetMetricDataCommand({ ...query, NextToken: first.NextToken }),
    );
    expect(second.MetricDataResults![0].Values).toEqual([3]);
    expect(second.NextToken).toBeUndefined();
    await expect(
      clients.cloudWatch.send(
        new GetMetricDataCommand({
          ...query,
          MetricDataQueries: [{ Id: 'x', Expression: 'SUM(METRICS())' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });
});
