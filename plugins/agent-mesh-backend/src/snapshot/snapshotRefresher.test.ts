import { TestDatabases } from '@backstage/backend-test-utils';
import 'aws-sdk-client-mock-jest';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-sfn';
import { MeshSummary } from '@agent-mesh/plugin-agent-mesh-common';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import { awsError } from '../__testUtils__/awsTestClients';
import { testRefresher } from '../__testUtils__/testRefresher';
import {
  listedExecution,
  mockMeshTags,
  mockSnapshotClients,
} from '../__testUtils__/snapshotClientMocks';

const { sfn, cw, ddb, ce } = mockSnapshotClients();

const T0 = Date.parse('2026-11-25T12:00:00Z');

function mesh(agentCount: number): MeshSummary {
  const names = [
    'conductor',
    'critic',
    'sweeper',
    ...Array.from({ length: agentCount - 3 }, (_, i) => `agent-${i}`),
  ];
  return {
    entityRef: 'system:default/billing-dev',
    name: 'billing-dev',
    meshId: 'billing-dev',
    awsAccount: '123456789012',
    region: 'eu-west-1',
    tier: 'medium',
    agents: names.map(name => ({
      entityRef: `component:default/billing-dev-${name}`,
      name,
    })),
  };
}

function mockHealthyAws() {
  sfn.on(ListExecutionsCommand).resolves({
    executions: [
      listedExecution('conductor--execute--3', 1, 'RUNNING', T0),
      listedExecution('critic--dry_run--2', 2, 'FAILED', T0),
      listedExecution('critic--dry_run--1', 3, 'SUCCEEDED', T0),
      listedExecution('conductor--read_only--0', 4, 'SUCCEEDED', T0),
    ],
  });
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: 'agent-mesh-billing-dev/agent-critic-task-failures',
        StateValue: 'ALARM',
      },
      {
        AlarmName: 'agent-mesh-billing-dev/subtasks-dlq-depth',
        StateValue: 'OK',
      },
    ],
  });
  cw.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'started', Timestamps: [new Date(T0 - 3600000)], Values: [4] },
    ],
  });
  ddb.on(BatchGetItemCommand).resolves({
    Responses: {
      'agent-mesh-billing-dev-kv': [
        {
          pk: { S: 'agent#conductor' },
          sk: { S: 'lane' },
          lane: { S: 'execute' },
          version: { N: '3' },
        },
      ],
    },
  });
  ce.on(GetCostAndUsageCommand).resolves({
    ResultsByTime: [
      {
        TimePeriod: { Start: '2026-11-24', End: '2026-11-25' },
        Groups: [
          {
            Keys: ['AWS Step Functions'],
            Metrics: { UnblendedCost: { Amount: '125', Unit: 'USD' } },
          },
        ],
      },
    ],
  });
  ce.on(GetCostForecastCommand).resolves({
    Total: { Amount: '300', Unit: 'USD' },
  });
}

function awsCalls() {
  return {
    ListExecutions: sfn.commandCalls(ListExecutionsCommand).length,
    DescribeExecution: sfn.commandCalls(DescribeExecutionCommand).length,
    DescribeAlarms: cw.commandCalls(DescribeAlarmsCommand).length,
    GetMetricData: cw.commandCalls(GetMetricDataCommand).length,
    BatchGetItem: ddb.commandCalls(BatchGetItemCommand).length,
    GetCostAndUsage: ce.commandCalls(GetCostAndUsageCommand).length,
    GetCostForecast: ce.commandCalls(GetCostForecastCommand).length,
  };
}

describe('SnapshotRefresher', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(meshes: MeshSummary[]) {
    const knex = await databases.init('SQLITE_3');
    const store = await KnexSnapshotStore.create({
      database: { getClient: async () => knex },
    });
    const afterMeshRefresh = jest.fn(async () => {});
    const { refresher, setNow } = testRefresher({
      store,
      meshes: async () => meshes,
      startMs: T0,
      afterMeshRefresh,
    });
    return {
      store,
      refresher,
      afterMeshRefresh,
      setNow,
    };
  }

  beforeEach(() => {
    sfn.reset();
    cw.reset();
    ddb.reset();
    ce.reset();
    mockMeshTags(sfn, 'system:default/billing-dev');
  });

  it('GIVEN a second entity naming a mesh another entity owns WHEN refreshed THEN nothing of the mesh is read and every panel says why', async () => {
    mockHealthyAws();
    mockMeshTags(sfn, 'system:default/payments');
    const { store, refresher, afterMeshRefresh } = await setup([mesh(3)]);

    await refresher.refreshAll();

    const snapshot = (await store.getSnapshot('system:default/billing-dev'))!
      .snapshot;
    const refusal =
      'Mesh billing-dev in account 123456789012 (eu-west-1) belongs to catalog entity system:default/payments (tag agent-mesh:entity); system:default/billing-dev names it too and is refused';
    for (const panel of [
      snapshot.runs,
      snapshot.lanes,
      snapshot.alarms,
      snapshot.metrics,
      snapshot.cost,
    ]) {
      expect(panel).toMatchObject({
        status: 'error',
        error: { name: 'NotAllowedError', message: refusal },
      });
    }
    expect(Object.values(awsCalls()).every(count => count === 0)).toBe(true);
    expect(afterMeshRefresh).not.toHaveBeenCalled();
  });

  it('GIVEN a state machine without the mesh tag WHEN refreshed THEN the mesh is not read', async () => {
    mockHealthyAws();
    sfn.on(ListTagsForResourceCommand).resolves({ tags: [] });
    const { store, refresher } = await setup([mesh(3)]);

    await refresher.refreshAll();

    const snapshot = (await store.getSnapshot('system:default/billing-dev'))!
      .snapshot;
    expect(snapshot.runs.error?.message).toMatch(
      /^The state machine agent-mesh-billing-dev-orchestration in account 123456789012 \(eu-west-1\) has no agent-mesh:mesh tag/,
    );
    expect(awsCalls().ListExecutions).toBe(0);
  });

  it('stores a snapshot with lanes, run counts per agent and lane, alarms, metrics and cost', async () => {
    mockHealthyAws();
    const { store, refresher } = await setup([mesh(3)]);

    await refresher.refreshAll();

    const stored = await store.getSnapshot('system:default/billing-dev');
    const snapshot = stored!.snapshot;
    expect(stored!.refreshedAt).toBe(T0);
    expect(snapshot.runs).toMatchObject({
      status: 'ok',
      totals: {
        total: 4,
        running: 1,
        succeeded: 2,
        failed: 1,
        failureRate: 0.3333,
      },
    });
    const critic = snapshot.agents.find(a => a.name === 'critic')!;
    expect(critic.runs).toMatchObject({
      total: 2,
      failed: 1,
      succeeded: 1,
      failureRate: 0.5,
    });
    expect(critic.runsByLane.dry_run).toMatchObject({
      total: 2,
      failureRate: 0.5,
    });
    expect(critic.lane).toEqual({ lane: 'read_only', source: 'default' });
    const conductor = snapshot.agents.find(a => a.name === 'conductor')!;
    expect(conductor.lane).toEqual({
      lane: 'execute',
      source: 'kv',
      version: 3,
    });
    expect(Object.keys(conductor.runsByLane).sort()).toEqual([
      'execute',
      'read_only',
    ]);
    expect(snapshot.alarms.items.map(a => [a.name, a.state, a.agent])).toEqual([
      ['agent-mesh-billing-dev/agent-critic-task-failures', 'ALARM', 'critic'],
      ['agent-mesh-billing-dev/subtasks-dlq-depth', 'OK', undefined],
    ]);
    expect(
      snapshot.metrics.series.find(s => s.id === 'started')?.values,
    ).toEqual([4]);
    expect(snapshot.cost).toMatchObject({
      status: 'ok',
      summary: {
        currency: 'USD',
        monthToDate: 125,
        forecastMonth: 425,
        budget: 500,
        percentOfBudget: 25,
      },
    });
    expect(awsCalls()).toEqual({
      ListExecutions: 1,
      DescribeExecution: 0,
      DescribeAlarms: 1,
      GetMetricData: 1,
      BatchGetItem: 1,
      GetCostAndUsage: 2,
      GetCostForecast: 1,
    });
  });

  it('degrades only the failing sources, with the reason, keeping their last good data', async () => {
    mockHealthyAws();
    const { store, refresher, setNow } = await setup([mesh(3)]);
    await refresher.refreshAll();

    cw.reset();
    ddb.reset();
    cw.on(DescribeAlarmsCommand).rejects(
      awsError('Throttling', 'Rate exceeded'),
    );
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    ddb
      .on(BatchGetItemCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          'not authorized to perform: dynamodb:BatchGetItem',
        ),
      );
    setNow(T0 + 60000);
    await refresher.refreshAll();

    const { snapshot } = (await store.getSnapshot(
      'system:default/billing-dev',
    ))!;
    expect(snapshot.alarms).toMatchObject({
      status: 'error',
      error: { name: 'Throttling', message: 'Rate exceeded' },
      fetchedAt: new Date(T0).toISOString(),
      items: [{ state: 'ALARM' }, { state: 'OK' }],
    });
    expect(snapshot.lanes).toMatchObject({
      status: 'error',
      error: { name: 'AccessDeniedException' },
    });
    expect(snapshot.agents.find(a => a.name === 'conductor')?.lane).toEqual({
      lane: 'execute',
      source: 'kv',
      version: 3,
    });
    expect(snapshot.metrics).toMatchObject({
      status: 'ok',
      fetchedAt: new Date(T0 + 60000).toISOString(),
    });
    expect(snapshot.runs.status).toBe('ok');
    expect(snapshot.cost.status).toBe('ok');
  });

  it('reads runs incrementally, settles finished long runs, and asks Cost Explorer once per window', async () => {
    mockHealthyAws();
    const { store, refresher, setNow } = await setup([mesh(3)]);
    await refresher.refreshAll();

    // Ten minutes later: one new run; the run that was RUNNING has finished and dropped off the first page.
    const later = T0 + 10 * 60000;
    setNow(later);
    sfn.reset();
    mockMeshTags(sfn, 'system:default/billing-dev');
    sfn
      .on(ListExecutionsCommand, { statusFilter: 'RUNNING' })
      .resolves({ executions: [] });
    sfn
      .on(ListExecutionsCommand, {
        statusFilter: undefined,
        nextToken: undefined,
      })
      .resolves({
        executions: [
          listedExecution('sweeper--read_only--4', 1, 'SUCCEEDED', later),
        ],
        nextToken: 'older',
      })
      .on(ListExecutionsCommand, {
        statusFilter: undefined,
        nextToken: 'older',
      })
      .resolves({
        executions: [listedExecution('critic--dry_run--2', 12, 'FAILED', T0)],
        nextToken: 'even-older',
      });
    sfn.on(DescribeExecutionCommand).resolves({
      ...listedExecution('conductor--execute--3', 11, 'SUCCEEDED', T0),
      stopDate: new Date(later - 60000),
    });
    await refresher.refreshAll();

    expect(sfn).toHaveReceivedCommandTimes(ListExecutionsCommand, 3);
    expect(sfn).toHaveReceivedCommandTimes(DescribeExecutionCommand, 1);
    expect(
      await store.getRun('system:default/billing-dev', 'conductor--execute--3'),
    ).toMatchObject({
      status: 'SUCCEEDED',
      stopMs: later - 60000,
    });
    const { snapshot } = (await store.getSnapshot(
      'system:default/billing-dev',
    ))!;
    expect(snapshot.runs.totals).toMatchObject({ total: 5, running: 0 });
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 2);

    // Past the default day, Cost Explorer is asked again; before it, never.
    setNow(T0 + 24 * 3600000 - 1);
    await refresher.refreshAll();
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 2);
    setNow(T0 + 24 * 3600000);
    await refresher.refreshAll();
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 4);
  });

  it('honours the scheduler abort: no mesh starts after it, and one under way stores nothing', async () => {
    mockHealthyAws();
    const { store, refresher } = await setup([mesh(3)]);

    // GIVEN a refresh the scheduler already gave up on
    const abandoned = new AbortController();
    abandoned.abort();
    await refresher.refreshAll(abandoned.signal);
    // THEN no AWS call and no snapshot
    expect(awsCalls()).toEqual({
      ListExecutions: 0,
      DescribeExecution: 0,
      DescribeAlarms: 0,
      GetMetricData: 0,
      BatchGetItem: 0,
      GetCostAndUsage: 0,
      GetCostForecast: 0,
    });
    expect(
      await store.getSnapshot('system:default/billing-dev'),
    ).toBeUndefined();

    // GIVEN the timeout strikes while the runs are being listed
    const timedOut = new AbortController();
    sfn.on(ListExecutionsCommand).callsFake(async () => {
      timedOut.abort();
      return { executions: [] };
    });
    await refresher.refreshAll(timedOut.signal);
    // THEN the mesh's snapshot is not stored: the next run reads it whole
    expect(
      await store.getSnapshot('system:default/billing-dev'),
    ).toBeUndefined();
  });

  it('makes the same AWS calls for 3 agents as for 16', async () => {
    mockHealthyAws();
    const small = await setup([mesh(3)]);
    await small.refresher.refreshAll();
    const forThree = awsCalls();

    sfn.resetHistory();
    cw.resetHistory();
    ddb.resetHistory();
    ce.resetHistory();
    const large = await setup([mesh(16)]);
    await large.refresher.refreshAll();

    expect(awsCalls()).toEqual(forThree);
    const { snapshot } = (await large.store.getSnapshot(
      'system:default/billing-dev',
    ))!;
    expect(snapshot.agents).toHaveLength(16);
  });
});
