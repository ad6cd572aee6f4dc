import { TestDatabases } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { MeshSummary } from '@agent-mesh/plugin-agent-mesh-common';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import { SnapshotStore } from '../database/SnapshotStore';
import { awsError } from '../__testUtils__/awsTestClients';
import { testRefresher } from '../__testUtils__/testRefresher';
import {
  mockMeshTags,
  mockSnapshotClients,
} from '../__testUtils__/snapshotClientMocks';

/**
 * The refresh's metrics, recorded by the real refresher (SQLite store, SDK clients mocked with
 * aws-sdk-client-mock) into the in-memory metrics service.
 */
const { sfn, cw, ddb, ce } = mockSnapshotClients();

const T0 = Date.parse('2026-11-25T12:00:00Z');
const DURATION = 'agent_mesh.refresh.duration';
const ERRORS = 'agent_mesh.refresh.errors.count';
const AGE = 'agent_mesh.snapshot.age.max';

function mesh(name: string): MeshSummary {
  return {
    entityRef: `system:default/${name}`,
    name,
    meshId: name,
    awsAccount: '123456789012',
    region: 'eu-west-1',
    tier: 'medium',
    agents: [{ entityRef: `component:default/${name}-critic`, name: 'critic' }],
  };
}

function mockHealthyAws() {
  sfn.on(ListExecutionsCommand).resolves({ executions: [] });
  cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  ddb.on(BatchGetItemCommand).resolves({ Responses: {} });
  ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
  ce.on(GetCostForecastCommand).resolves({
    Total: { Amount: '0', Unit: 'USD' },
  });
}

describe('the refresh metrics', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(options: {
    meshes: () => Promise<MeshSummary[]>;
    store?: (store: SnapshotStore) => SnapshotStore;
  }) {
    const knex = await databases.init('SQLITE_3');
    const knexStore = await KnexSnapshotStore.create({
      database: { getClient: async () => knex },
    });
    const store = options.store?.(knexStore) ?? knexStore;
    const { refresher, metrics, setNow } = testRefresher({
      store,
      meshes: options.meshes,
      startMs: T0,
    });
    return {
      store: knexStore,
      refresher,
      metrics,
      setNow,
    };
  }

  beforeEach(() => {
    sfn.reset();
    cw.reset();
    ddb.reset();
    ce.reset();
    mockMeshTags(sfn);
  });

  it('declares its instruments with their kinds and units', async () => {
    const { metrics } = await setup({ meshes: async () => [] });

    expect(Object.fromEntries(metrics.instruments)).toMatchObject({
      [DURATION]: { kind: 'histogram', unit: 's' },
      [ERRORS]: { kind: 'counter', unit: '{error}' },
      [AGE]: { kind: 'observableGauge', unit: 's' },
    });
    expect(
      metrics.instruments.get(DURATION)?.advice?.explicitBucketBoundaries,
    ).toContain(60);
  });

  it('records the duration of each refresh run, in seconds, with its shard and result', async () => {
    mockHealthyAws();
    const { refresher, metrics } = await setup({
      meshes: async () => [mesh('billing-dev')],
    });

    await refresher.refreshAll();
    await refresher.refreshAll(undefined, { index: 1, count: 4 });

    const recorded = metrics.recorded(DURATION);
    expect(recorded.map(r => r.attributes)).toEqual([
      { result: 'ok', shard: '1of1' },
      { result: 'ok', shard: '2of4' },
    ]);
    for (const { value } of recorded) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(30);
    }
    expect(metrics.sum(ERRORS)).toBe(0);
  });

  it('records a refresh whose catalog listing failed as failed, and counts a catalog error', async () => {
    const { refresher, metrics } = await setup({
      meshes: async () => {
        throw new ServiceUnavailableError('catalog down');
      },
    });

    await expect(refresher.refreshAll()).rejects.toThrow('catalog down');

    expect(metrics.recorded(DURATION).map(r => r.attributes)).toEqual([
      { result: 'failed', shard: '1of1' },
    ]);
    expect(metrics.points(ERRORS)).toEqual([
      {
        value: 1,
        attributes: {
          source: 'catalog',
          'error.type': 'ServiceUnavailableError',
        },
      },
    ]);
  });

  it('records a refresh past its timeout as aborted, with no error counted for the meshes it abandoned', async () => {
    mockHealthyAws();
    const { refresher, metrics } = await setup({
      meshes: async () => [mesh('billing-dev')],
    });
    const timeout = new AbortController();
    timeout.abort();

    await refresher.refreshAll(timeout.signal);

    expect(metrics.recorded(DURATION).map(r => r.attributes)).toEqual([
      { result: 'aborted', shard: '1of1' },
    ]);
    expect(metrics.sum(ERRORS)).toBe(0);
  });

  it('counts each failed panel once per refresh by source and error name, and a cost failure only when Cost Explorer was asked', async () => {
    mockHealthyAws();
    cw.on(DescribeAlarmsCommand).rejects(awsError('ThrottlingException'));
    ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException'));
    const { refresher, metrics, setNow } = await setup({
      meshes: async () => [mesh('billing-dev')],
    });

    await refresher.refreshAll();

    expect(metrics.points(ERRORS)).toEqual([
      {
        value: 1,
        attributes: { source: 'alarms', 'error.type': 'ThrottlingException' },
      },
      {
        value: 1,
        attributes: { source: 'cost', 'error.type': 'AccessDeniedException' },
      },
    ]);

    // A minute later the stored cost failure is served again (retried after 15 min): not a new error.
    setNow(T0 + 60_000);
    await refresher.refreshAll();

    expect(metrics.sum(ERRORS, { source: 'alarms' })).toBe(2);
    expect(metrics.sum(ERRORS, { source: 'cost' })).toBe(1);
    expect(metrics.sum(ERRORS)).toBe(3);
  });

  it('counts a mesh whose snapshot could not be stored as a database error', async () => {
    mockHealthyAws();
    const { refresher, metrics } = await setup({
      meshes: async () => [mesh('billing-dev'), mesh('payments')],
      store: store =>
        Object.assign(Object.create(store), {
          putSnapshot: async (meshRef: string, ...rest: any[]) => {
            if (meshRef === 'system:default/payments') {
              const error = new Error('SQLITE_BUSY: database is locked');
              error.name = 'KnexTimeoutError';
              throw error;
            }
            return (store.putSnapshot as any)(meshRef, ...rest);
          },
        }),
    });

    await refresher.refreshAll();

    expect(metrics.points(ERRORS)).toEqual([
      {
        value: 1,
        attributes: { source: 'database', 'error.type': 'KnexTimeoutError' },
      },
    ]);
    // One mesh failing does not fail the refresh.
    expect(metrics.recorded(DURATION).map(r => r.attributes.result)).toEqual([
      'ok',
    ]);
  });

  it('observes the age of the oldest snapshot among the meshes of the catalog, in seconds', async () => {
    mockHealthyAws();
    let catalog = [mesh('billing-dev'), mesh('payments')];
    const { refresher, metrics, store, setNow } = await setup({
      meshes: async () => catalog,
    });
    // Before this replica has listed the catalog, nothing is observed.
    expect(await metrics.observe(AGE)).toEqual([]);

    await refresher.refreshAll();
    setNow(T0 + 30_000);
    expect(await metrics.observe(AGE)).toEqual([{ value: 30, attributes: {} }]);

    // payments is refreshed again 60 s on; billing-dev's snapshot, from T0, stays the oldest.
    setNow(T0 + 60_000);
    await refresher.refreshMesh(mesh('payments'));
    setNow(T0 + 90_000);
    expect(await metrics.observe(AGE)).toEqual([{ value: 90, attributes: {} }]);

    // A mesh gone from the catalog keeps its snapshot until the retention time, but never counts.
    catalog = [mesh('payments')];
    setNow(T0 + 120_000);
    await refresher.refreshAll();
    expect((await store.listStoredMeshes()).map(m => m.meshRef).sort()).toEqual(
      ['system:default/billing-dev', 'system:default/payments'],
    );
    setNow(T0 + 125_000);
    expect(await metrics.observe(AGE)).toEqual([{ value: 5, attributes: {} }]);
  });
});
