import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { KnexWaitingRunStore } from './KnexWaitingRunStore';
import { StoredWaitingRun } from './WaitingRunStore';

const ids = testDatabaseIds('KnexWaitingRunStore');

const MESH = { accountId: '222222222222', meshId: 'billing-staging' };
const OTHER = { accountId: '222222222222', meshId: 'billing' };
const T0 = Date.parse('2026-12-01T10:00:00Z');

function waiting(
  name: string,
  minute: number,
  extra: Partial<StoredWaitingRun> = {},
): StoredWaitingRun {
  return {
    mesh: MESH,
    executionName: name,
    executionArn: `arn:aws:states:eu-west-1:222222222222:execution:agent-mesh-billing-staging-orchestration:${name}`,
    agent: 'conductor',
    lane: 'execute',
    verdict: 'approved',
    taskToken: `token-${name}`,
    requestedAt: T0 + minute * 60_000,
    expiresAt: T0 + (minute + 60) * 60_000,
    status: 'waiting',
    ...extra,
  };
}

describe('KnexWaitingRunStore', () => {
  const databases = TestDatabases.create({ ids });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    // The snapshot store runs every migration of the plugin, this table's included.
    await KnexSnapshotStore.create({
      database: { getClient: async () => knex },
    });
    return new KnexWaitingRunStore(knex);
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('keeps a run reported twice once, and lists a mesh’s waiting runs oldest first', async () => {
      // GIVEN
      const store = await createStore(databaseId);
      // WHEN
      expect(await store.add(waiting('b', 2))).toBe(true);
      expect(await store.add(waiting('a', 1))).toBe(true);
      expect(await store.add(waiting('a', 1, { taskToken: 'other' }))).toBe(
        false,
      );
      expect(await store.add(waiting('c', 3, { mesh: OTHER }))).toBe(true);
      // THEN
      const listed = await store.listWaiting(MESH, T0);
      expect(listed.map(r => r.executionName)).toEqual(['a', 'b']);
      expect(listed[0].taskToken).toBe('token-a');
      expect(await store.countWaiting([MESH, OTHER], T0)).toEqual(
        new Map([
          ['222222222222/billing-staging', 2],
          ['222222222222/billing', 1],
        ]),
      );
    });

    it('lets exactly one of many concurrent claims win, and none after expiry', async () => {
      // GIVEN
      const store = await createStore(databaseId);
      await store.add(waiting('a', 1));
      await store.add(waiting('late', 1));
      // WHEN
      const claims = await Promise.all(
        Array.from({ length: 20 }, () => store.claim(MESH, 'a', T0)),
      );
      // THEN
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await store.get(MESH, 'a'))?.status).toBe('deciding');
      expect(await store.claim(MESH, 'late', T0 + 2 * 3600_000)).toBe(false);
    });

    it('ends a claim with its outcome, and marks runs past their expiry as expired when listing', async () => {
      // GIVEN
      const store = await createStore(databaseId);
      await store.add(waiting('a', 1));
      await store.add(waiting('b', 2));
      await store.claim(MESH, 'a', T0);
      // WHEN
      await store.finish(MESH, 'a', {
        status: 'approved',
        decidedBy: 'user:default/ada',
        decidedAt: T0 + 1000,
      });
      const later = await store.listWaiting(MESH, T0 + 3 * 3600_000);
      // THEN
      expect(await store.get(MESH, 'a')).toMatchObject({
        status: 'approved',
        decidedBy: 'user:default/ada',
        decidedAt: T0 + 1000,
      });
      expect(later).toEqual([]);
      expect((await store.get(MESH, 'b'))?.status).toBe('expired');
    });
  });
});
