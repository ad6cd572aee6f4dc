import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { KnexSnapshotStore } from './KnexSnapshotStore';
import { StoredRun } from './SnapshotStore';
import { emptyRunCounts } from '@agent-mesh/plugin-agent-mesh-common';

const ids = testDatabaseIds('KnexSnapshotStore');

const MESH = 'system:default/billing-dev';
const OTHER = 'system:default/support-dev';
const T0 = Date.parse('2026-11-25T00:00:00Z');

function run(
  name: string,
  minute: number,
  extra: Partial<StoredRun> = {},
): StoredRun {
  return {
    name,
    executionArn: `arn:aws:states:eu-west-1:1:execution:x:${name}`,
    status: 'SUCCEEDED',
    startMs: T0 + minute * 60000,
    ...extra,
  };
}

describe('KnexSnapshotStore', () => {
  const databases = TestDatabases.create({ ids });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    return KnexSnapshotStore.create({
      database: { getClient: async () => knex },
    });
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('upserts runs without losing their kept history, and pages them newest first by keyset', async () => {
      const store = await createStore(databaseId);
      await store.upsertRuns(MESH, [
        run('conductor--execute--a', 1, {
          agent: 'conductor',
          lane: 'execute',
        }),
        run('critic--dry_run--b', 2, {
          agent: 'critic',
          lane: 'dry_run',
          status: 'FAILED',
        }),
        run('critic--dry_run--c', 2, {
          agent: 'critic',
          lane: 'dry_run',
          status: 'RUNNING',
        }),
        run('conductor--execute--d', 3, {
          agent: 'conductor',
          lane: 'execute',
        }),
      ]);
      await store.upsertRuns(OTHER, [run('conductor--read_only--z', 5)]);
      await store.putRunHistory(
        MESH,
        'critic--dry_run--c',
        {
          events: [
            {
              id: 1,
              timestamp: new Date(T0).toISOString(),
              type: 'ExecutionStarted',
            },
          ],
          truncated: false,
        },
        T0,
        false,
      );
      // The run finishes: a later refresh updates its status and keeps its history.
      await store.upsertRuns(MESH, [
        run('critic--dry_run--c', 2, {
          agent: 'critic',
          lane: 'dry_run',
          status: 'SUCCEEDED',
          stopMs: T0 + 200000,
        }),
      ]);

      const first = await store.listRuns(MESH, {}, { limit: 2 });
      expect(first.map(r => r.name)).toEqual([
        'conductor--execute--d',
        'critic--dry_run--c',
      ]);
      const second = await store.listRuns(
        MESH,
        {},
        { limit: 2, after: first[1] },
      );
      expect(second.map(r => r.name)).toEqual([
        'critic--dry_run--b',
        'conductor--execute--a',
      ]);
      expect(
        await store.listRuns(MESH, {}, { limit: 2, after: second[1] }),
      ).toEqual([]);

      expect(
        (
          await store.listRuns(
            MESH,
            { agent: 'critic', status: 'FAILED' },
            { limit: 10 },
          )
        ).map(r => r.name),
      ).toEqual(['critic--dry_run--b']);
      expect(
        (
          await store.listRuns(
            MESH,
            { fromMs: T0 + 2 * 60000, toMs: T0 + 3 * 60000 },
            { limit: 10 },
          )
        ).map(r => r.name),
      ).toEqual(['critic--dry_run--c', 'critic--dry_run--b']);

      const detail = await store.getRun(MESH, 'critic--dry_run--c');
      expect(detail).toMatchObject({
        status: 'SUCCEEDED',
        stopMs: T0 + 200000,
        historyFetchedAt: T0,
        historyFinal: false,
        history: {
          truncated: false,
          events: [{ id: 1, type: 'ExecutionStarted' }],
        },
      });
      expect(await store.openRuns(MESH)).toEqual([]);
      expect(
        await store.knownRunNames(MESH, [
          'critic--dry_run--b',
          'nope',
          'conductor--read_only--z',
        ]),
      ).toEqual(new Set(['critic--dry_run--b']));
    });

    it('counts runs by agent, lane and status since a time, and deletes runs past retention', async () => {
      const store = await createStore(databaseId);
      await store.upsertRuns(MESH, [
        run('old', -60),
        run('conductor--execute--1', 1, {
          agent: 'conductor',
          lane: 'execute',
        }),
        run('conductor--execute--2', 2, {
          agent: 'conductor',
          lane: 'execute',
          status: 'FAILED',
        }),
        run('conductor--execute--3', 3, {
          agent: 'conductor',
          lane: 'execute',
          status: 'FAILED',
        }),
        run('manual', 4),
      ]);

      const rows = await store.countRuns(MESH, T0);
      expect(rows).toHaveLength(3);
      expect(rows).toEqual(
        expect.arrayContaining([
          {
            agent: 'conductor',
            lane: 'execute',
            status: 'SUCCEEDED',
            count: 1,
          },
          { agent: 'conductor', lane: 'execute', status: 'FAILED', count: 2 },
          { agent: undefined, lane: undefined, status: 'SUCCEEDED', count: 1 },
        ]),
      );
      expect(await store.deleteRunsBefore(MESH, T0)).toBe(1);
      expect(await store.getRun(MESH, 'old')).toBeUndefined();
    });

    it('lists the stored meshes and deletes all of one mesh, leaving the others', async () => {
      const store = await createStore(databaseId);
      const body = (meshId: string) => ({
        entityRef: MESH,
        meshId,
        window: { from: 'a', to: 'b' },
        agents: [],
        runs: {
          status: 'ok' as const,
          totals: emptyRunCounts(),
          unattributed: 0,
        },
        lanes: { status: 'ok' as const },
        alarms: { status: 'ok' as const, items: [] },
        metrics: { status: 'ok' as const, periodSeconds: 3600, series: [] },
        cost: { status: 'ok' as const },
      });
      for (const [ref, meshId] of [
        [MESH, 'billing-dev'],
        [OTHER, 'support-dev'],
      ]) {
        await store.putSnapshot(ref, body(meshId), T0);
        await store.upsertRuns(ref, [run(`${meshId}-run`, 1)]);
        await store.putCost(ref, { fetchedAt: T0 });
      }

      await store.deleteMesh(MESH);

      expect(await store.listStoredMeshes()).toEqual([
        { meshRef: OTHER, meshId: 'support-dev', refreshedAt: T0 },
      ]);
      expect(await store.getSnapshot(MESH)).toBeUndefined();
      expect(await store.getCost(MESH)).toBeUndefined();
      expect(await store.countRuns(MESH, 0)).toEqual([]);
      expect(await store.countRuns(OTHER, 0)).toHaveLength(1);
      expect(await store.getCost(OTHER)).toEqual({ fetchedAt: T0 });
    });

    it('keeps one snapshot and one cost answer per mesh', async () => {
      const store = await createStore(databaseId);
      const snapshot = (meshId: string, status: 'ok' | 'error') => ({
        entityRef: MESH,
        meshId,
        window: { from: 'a', to: 'b' },
        agents: [],
        runs: {
          status,
          totals: emptyRunCounts(),
          unattributed: 0,
        },
        lanes: { status },
        alarms: { status, items: [] },
        metrics: { status, periodSeconds: 3600, series: [] },
        cost: { status },
      });
      await store.putSnapshot(MESH, snapshot('billing-dev', 'ok'), T0);
      await store.putSnapshot(
        MESH,
        snapshot('billing-dev', 'error'),
        T0 + 1000,
      );
      expect(await store.getSnapshot(MESH)).toEqual({
        refreshedAt: T0 + 1000,
        snapshot: snapshot('billing-dev', 'error'),
      });
      expect([...(await store.getSnapshots([MESH, OTHER])).keys()]).toEqual([
        MESH,
      ]);

      expect(await store.getCost(MESH)).toBeUndefined();
      const bundle = {
        currency: 'USD',
        start: '2026-11-01',
        end: '2026-11-26',
        byService: [],
        byAgentLane: [],
      };
      await store.putCost(MESH, { fetchedAt: T0, bundle, bundleFetchedAt: T0 });
      await store.putCost(MESH, {
        fetchedAt: T0 + 5,
        bundle,
        bundleFetchedAt: T0,
        error: { name: 'ThrottlingException', message: 'slow down' },
      });
      expect(await store.getCost(MESH)).toEqual({
        fetchedAt: T0 + 5,
        bundle,
        bundleFetchedAt: T0,
        error: { name: 'ThrottlingException', message: 'slow down' },
      });
    });
  });
});
