import {
  MeshSpec,
  readDemoMeshes,
  RunningLocalAws,
  startAwsJsonServer,
} from 'local-aws';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  AGENT_MESH_TAGS,
  isLane,
  meshResourceNames,
  MeshSummary,
  parseExecutionName,
  Tier,
  TIER_FACTS,
} from '@agent-mesh/plugin-agent-mesh-common';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import { MeshOwnership } from '../catalog/meshOwnership';
import { SnapshotRefresher } from '../snapshot/snapshotRefresher';
import {
  DEMO_CATALOG_FILE,
  localControl,
  pluginAwsServices,
  startDemoAws,
} from '../__testUtils__/localAwsWorld';
import { orchestrationStateMachineArn } from './meshTarget';

/**
 * The plugin's real SDK clients and readers against local-aws's living demo world (packages/local-aws),
 * built from the repository's catalog/demo-meshes.yaml: one mesh of each tier, seeded, with the clock
 * standing still at NOW and no live runs except the ones a test starts. Every expectation is checked against
 * the world's own state, so the two sides must agree on names, shapes, filters and paging.
 */
const NOW = Date.parse('2025-11-24T12:00:00Z');
const DAY = 86_400_000;
const MESHES = readDemoMeshes(DEMO_CATALOG_FILE);

function targetOf(spec: MeshSpec) {
  return { meshId: spec.meshId, accountId: spec.account, region: spec.region };
}

function summaryOf(spec: MeshSpec): MeshSummary {
  return {
    entityRef: `system:default/${spec.meshId}`,
    name: spec.meshId,
    meshId: spec.meshId,
    awsAccount: spec.account,
    region: spec.region,
    tier: spec.tier,
    agents: spec.agents.map(name => ({
      entityRef: `component:default/${spec.meshId}-${name}`,
      name,
    })),
  };
}

describe('the plugin against local-aws and its demo world', () => {
  let running: RunningLocalAws;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    running = await startDemoAws({ now: NOW });
  }, 60_000);
  afterAll(() => running.close());

  const executionsOf = (spec: MeshSpec) =>
    running.world().meshes.get(spec.meshId)!.orchestration.machine.executions;

  it('holds one demo mesh of each tier', () => {
    expect(MESHES.map(m => m.tier).sort()).toEqual([
      'large',
      'medium',
      'small',
    ]);
  });

  describe.each(MESHES.map(m => [m.tier, m] as const))(
    'the %s mesh',
    (_tier, spec) => {
      const target = targetOf(spec);
      const names = meshResourceNames(spec.meshId);
      const stateMachineArn = orchestrationStateMachineArn(target);

      it('lists the last day of runs newest first, attributed to agent and lane, paging until known runs', async () => {
        const { stepFunctions, metrics } = pluginAwsServices(running.url);
        const expected = executionsOf(spec)
          .filter(e => e.startMs >= NOW - DAY)
          .sort((a, b) => b.startMs - a.startMs || (a.name < b.name ? 1 : -1));
        expect(expected.length).toBeGreaterThan(10);

        const listed = await stepFunctions.listNewExecutions(target, {
          stateMachineArn,
          notBeforeMs: NOW - DAY,
          isKnown: async () => new Set(),
        });

        expect(new Set(listed.executions.map(e => e.name))).toEqual(
          new Set(expected.map(e => e.name)),
        );
        for (const run of listed.executions) {
          const world = expected.find(e => e.name === run.name)!;
          expect(run.status).toBe(world.status);
          expect(run.startMs).toBe(world.startMs);
          expect(run.agent).toBe(parseExecutionName(run.name)?.agent);
          expect(spec.agents).toContain(run.agent);
          expect(isLane(run.lane)).toBe(true);
        }
        // One page of up to 1000 holds the last day of these meshes, plus the page that crosses the window.
        expect(metrics.awsCalls()['StepFunctions.ListExecutions']).toBe(
          listed.pages,
        );

        // A later refresh stops at the first page holding a stored run.
        const again = await stepFunctions.listNewExecutions(target, {
          stateMachineArn,
          notBeforeMs: NOW - 28 * DAY,
          isKnown: async batch =>
            new Set(batch.filter(n => n === expected[5].name)),
        });
        expect(again.pages).toBe(1);
      });

      it('reads a run history without payloads', async () => {
        const { stepFunctions } = pluginAwsServices(running.url);
        const run = executionsOf(spec).find(
          e => e.status === 'FAILED' && e.startMs < NOW - DAY,
        )!;
        const arn = `${stateMachineArn.replace(
          ':stateMachine:',
          ':execution:',
        )}:${run.name}`;
        const history = await stepFunctions.getExecutionHistory(target, arn);
        expect(history.truncated).toBe(false);
        expect(history.events[0].type).toBe('ExecutionStarted');
        expect(history.events.at(-1)?.type).toBe('ExecutionFailed');
        expect(history.events.some(e => e.stateName)).toBe(true);
        expect(history.events.some(e => e.error)).toBe(true);
        expect(JSON.stringify(history)).not.toMatch(/"(input|output)"/);
      });

      it('reads the alarms with the mesh prefix, with their states and agents', async () => {
        const { cloudWatch, metrics } = pluginAwsServices(running.url);
        const alarms = await cloudWatch.describeAlarms(
          target,
          names.alarmPrefix,
        );
        const world = running
          .world()
          .alarms.list(spec.region, NOW)
          .filter(a => a.definition.meshId === spec.meshId);
        expect(alarms.map(a => [a.name, a.state])).toEqual(
          world
            .map(a => [a.definition.name, a.state])
            .sort((a, b) => a[0].localeCompare(b[0])),
        );
        expect(alarms).toHaveLength(alarmCount(spec));
        expect(
          alarms
            .filter(a => a.agent)
            .map(a => a.agent)
            .sort(),
        ).toEqual([...spec.agents].sort());
        expect(metrics.awsCalls()).toEqual({ 'CloudWatch.DescribeAlarms': 1 });
      });

      it('reads the run metrics in one GetMetricData call, agreeing with the executions', async () => {
        const { cloudWatch, metrics } = pluginAwsServices(running.url);
        const series = await cloudWatch.getRunMetrics(target, {
          stateMachineArn,
          fromMs: NOW - DAY + 17 * 60_000,
          toMs: NOW,
          periodSeconds: 3600,
        });
        const from = NOW - DAY; // the start, on the hour
        const sum = (id: string) =>
          series.find(s => s.id === id)!.values.reduce((a, b) => a + b, 0);
        const runs = executionsOf(spec);
        expect(sum('started')).toBe(
          runs.filter(e => e.startMs >= from && e.startMs < NOW).length,
        );
        expect(sum('succeeded')).toBe(
          runs.filter(
            e =>
              e.status === 'SUCCEEDED' && e.stopMs! >= from && e.stopMs! < NOW,
          ).length,
        );
        expect(sum('failed')).toBe(
          runs.filter(
            e => e.status === 'FAILED' && e.stopMs! >= from && e.stopMs! < NOW,
          ).length,
        );
        for (const s of series) {
          for (const t of s.timestamps) {
            expect(Date.parse(t) % 3_600_000).toBe(0);
            expect(Date.parse(t)).toBeGreaterThanOrEqual(from);
          }
        }
        expect(metrics.awsCalls()).toEqual({ 'CloudWatch.GetMetricData': 1 });
      });

      it('reads the lanes from the KV table in one BatchGetItem', async () => {
        const { lanes, metrics } = pluginAwsServices(running.url);
        const world = running.world();
        const model = world.meshes.get(spec.meshId)!.model;
        const result = await lanes.readLanes(target, names.kvTable, [
          ...spec.agents,
          'not-deployed',
        ]);
        expect(result.invalid).toEqual([]);
        for (const agent of spec.agents) {
          expect(result.lanes[agent]).toMatchObject({
            lane: world.currentLane(model, agent),
            source: 'kv',
            version: expect.any(Number),
            updatedAt: expect.any(String),
          });
        }
        expect(result.lanes['not-deployed']).toEqual({
          lane: 'read_only',
          source: 'default',
        });
        expect(metrics.awsCalls()).toEqual({ 'DynamoDB.BatchGetItem': 1 });
      });

      it('reads cost by service and by agent and lane, filtered to the mesh, and the forecast', async () => {
        const { costExplorer, metrics } = pluginAwsServices(running.url);
        const bundle = await costExplorer.fetchCost(target, new Date(NOW));
        const fromDay = Date.parse(`${bundle.start}T00:00:00Z`) / DAY;
        const toDay = Date.parse(`${bundle.end}T00:00:00Z`) / DAY;
        let expected = 0;
        const services = new Set<string>();
        for (const line of running.world().costs.lines(fromDay, toDay)) {
          if (line.tags[AGENT_MESH_TAGS.mesh] !== spec.meshId) continue;
          expected += line.amount;
          services.add(line.service);
        }
        const total = (rows: Array<{ amount: number }>) =>
          rows.reduce((a, r) => a + r.amount, 0);
        expect(expected).toBeGreaterThan(0);
        expect(total(bundle.byService)).toBeCloseTo(expected, 6);
        expect(total(bundle.byAgentLane)).toBeCloseTo(expected, 6);
        expect(new Set(bundle.byService.map(r => r.key))).toEqual(services);
        for (const row of bundle.byAgentLane) {
          expect([...spec.agents, 'shared']).toContain(row.agent);
          expect(row.lane === 'shared' || isLane(row.lane)).toBe(true);
        }
        // Runs' cost is attributed to the agents that ran.
        expect(
          new Set(bundle.byAgentLane.map(r => r.agent)).size,
        ).toBeGreaterThan(2);
        expect(bundle.forecast?.amount).toBeGreaterThan(0);
        expect(metrics.awsCalls()).toEqual({
          'CostExplorer.GetCostAndUsage': 2,
          'CostExplorer.GetCostForecast': 1,
        });
      });

      it('refreshes the mesh into a whole snapshot in the plugin store', async () => {
        const services = pluginAwsServices(running.url);
        const knex = await databases.init('SQLITE_3');
        const store = await KnexSnapshotStore.create({
          database: { getClient: async () => knex },
        });
        const mesh = summaryOf(spec);
        const refresher = new SnapshotRefresher({
          ...services,
          store,
          meshCatalog: {
            listMeshes: async () => [mesh],
            getMeshEntity: async () => undefined,
          },
          auth: mockServices.auth(),
          logger: mockServices.logger.mock(),
          // The embedded AWS tags each state machine as the constructs do, so the real check runs.
          ownership: new MeshOwnership({
            stepFunctions: services.stepFunctions,
            cache: mockServices.cache.mock(),
          }),
          now: () => new Date(NOW),
        });

        const snapshot = await refresher.refreshMesh(mesh);

        for (const panel of ['runs', 'lanes', 'alarms', 'metrics', 'cost'])
          expect([panel, snapshot[panel as 'runs'].status]).toEqual([
            panel,
            'ok',
          ]);
        const lastDay = executionsOf(spec).filter(e => e.startMs >= NOW - DAY);
        expect(snapshot.runs.totals.total).toBe(lastDay.length);
        expect(snapshot.runs.totals.failed).toBe(
          lastDay.filter(e => e.status === 'FAILED').length,
        );
        for (const agent of snapshot.agents) {
          expect(spec.agents).toContain(agent.name);
          expect(agent.lane?.source).toBe('kv');
          expect(agent.runs.total).toBe(
            lastDay.filter(e => e.name.startsWith(`${agent.name}--`)).length,
          );
        }
        expect(snapshot.alarms.items).toHaveLength(alarmCount(spec));
        expect(snapshot.cost.summary?.monthToDate).toBeGreaterThan(0);
        expect(await store.countRuns(mesh.entityRef, NOW - DAY)).not.toEqual(
          [],
        );
        expect(services.metrics.awsCalls()).toMatchObject({
          'CloudWatch.DescribeAlarms': 1,
          'CloudWatch.GetMetricData': 1,
          'DynamoDB.BatchGetItem': 1,
          'CostExplorer.GetCostAndUsage': 2,
          'CostExplorer.GetCostForecast': 1,
        });
      });
    },
  );

  it('follows a run from RUNNING to its end: ListExecutions(statusFilter=RUNNING), then DescribeExecution', async () => {
    const spec = MESHES.find(m => m.tier === 'small')!;
    const target = targetOf(spec);
    const stateMachineArn = orchestrationStateMachineArn(target);
    const { stepFunctions } = pluginAwsServices(running.url);
    const world = running.world();
    const run = world.startRun(world.meshes.get(spec.meshId)!, NOW, {
      agent: 'critic',
    });
    await world.settle();

    const runningNow = await stepFunctions.listRunningExecutions(
      target,
      stateMachineArn,
    );
    expect(runningNow.map(e => e.name)).toContain(run.name);
    expect(runningNow.every(e => e.status === 'RUNNING')).toBe(true);

    await localControl(running.url, 'POST', '/clock/advance', {
      ms: 3 * 3_600_000,
    });
    const after = await stepFunctions.listRunningExecutions(
      target,
      stateMachineArn,
    );
    expect(after.map(e => e.name)).not.toContain(run.name);
    const described = await stepFunctions.describeExecution(
      target,
      `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${run.name}`,
    );
    expect(described).toMatchObject({
      name: run.name,
      agent: 'critic',
      status: run.status,
      stopMs: run.stopMs,
    });
    expect(['SUCCEEDED', 'FAILED', 'TIMED_OUT']).toContain(described.status);
  }, 30_000);

  it('reads every lane when DynamoDB leaves keys unprocessed, asking again for them', async () => {
    const spec = MESHES.find(m => m.tier === 'large')!;
    const { lanes, metrics } = pluginAwsServices(running.url);
    await localControl(running.url, 'POST', '/faults', {
      service: 'dynamodb',
      kind: 'unprocessed',
      count: 2,
    });
    const result = await lanes.readLanes(
      targetOf(spec),
      meshResourceNames(spec.meshId).kvTable,
      spec.agents,
    );
    expect(Object.values(result.lanes).map(l => l.source)).toEqual(
      spec.agents.map(() => 'kv'),
    );
    // One key answered per call while the fault lasts, then the rest at once.
    expect(metrics.awsCalls()).toEqual({ 'DynamoDB.BatchGetItem': 3 });
  });

  it('surfaces CloudWatch throttling by its Query error code after the SDK retries, counting every attempt', async () => {
    const spec = MESHES[0];
    const { cloudWatch, metrics } = pluginAwsServices(running.url);
    const prefix = meshResourceNames(spec.meshId).alarmPrefix;
    await localControl(running.url, 'POST', '/faults', {
      service: 'monitoring',
      kind: 'throttle',
      operation: 'DescribeAlarms',
      count: 3,
    });
    await expect(
      cloudWatch.describeAlarms(targetOf(spec), prefix),
    ).rejects.toMatchObject({ name: 'Throttling', message: 'Rate exceeded' });
    // The fault covered exactly the three attempts: the next call is answered.
    await expect(
      cloudWatch.describeAlarms(targetOf(spec), prefix),
    ).resolves.toHaveLength(alarmCount(spec));
    expect(metrics.awsCalls()['CloudWatch.DescribeAlarms']).toBe(4);
  }, 20_000);
});

/**
 * What the world cannot show: an endpoint that does not serve BatchGetItem at all (an emulator other than
 * local-aws). The lanes are read only with BatchGetItem, so the read fails (the lanes panel shows why) and is
 * never made item by item. These operations are this test's fixtures.
 */
describe('lanes from an endpoint without BatchGetItem', () => {
  it('fails the read with UnknownOperationException instead of reading item by item', async () => {
    const getItem = jest.fn(async () => ({}));
    const server = await startAwsJsonServer({
      operations: { 'DynamoDB_20120810.GetItem': getItem },
    });
    try {
      const { lanes, metrics } = pluginAwsServices(server.url);
      await expect(
        lanes.readLanes(
          { accountId: '123456789012', region: 'eu-west-1' },
          'agent-mesh-billing-dev-kv',
          ['critic', 'sweeper'],
        ),
      ).rejects.toMatchObject({ name: 'UnknownOperationException' });
      expect(getItem).not.toHaveBeenCalled();
      expect(metrics.awsCalls()).toEqual({ 'DynamoDB.BatchGetItem': 1 });
    } finally {
      await server.close();
    }
  });
});

/**
 * The alarms AgentObservability gives a mesh: three per state machine, tasks that failed to start, one per agent,
 * and the subtask dead-letter queue's where the tier queues subtasks (its lanes include `execute`).
 */
function alarmCount(spec: { tier: Tier; agents: string[] }): number {
  const queuesSubtasks = TIER_FACTS[spec.tier].lanes.includes('execute');
  return 7 + spec.agents.length + (queuesSubtasks ? 1 : 0);
}
