import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { createPromotionStores } from './promotionStores';
import { PendingRequestExistsError } from './PromotionRequestStore';

const MESH = 'system:default/billing-dev';
const OTHER = 'system:default/support-dev';
const TARGET = {
  meshId: 'billing-dev',
  accountId: '123456789012',
  region: 'eu-west-1',
};
const T0 = Date.parse('2026-12-01T00:00:00Z');

describe('the promotion stores', () => {
  const databases = TestDatabases.create({
    ids: testDatabaseIds('The promotion stores'),
  });

  async function stores(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    return createPromotionStores({
      database: { getClient: async () => knex },
    });
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('appends history and pages it newest first, per mesh and agent, with the newest applied change per agent', async () => {
      const { history } = await stores(databaseId);
      const promoted = {
        actor: 'user:default/alice',
        action: 'promoted',
        agent: 'critic',
        fromLane: 'read_only',
        toLane: 'dry_run',
        version: 1,
        reason: 'evidence is in',
      } as const;
      const first = await history.append({
        meshRef: MESH,
        at: T0,
        ...promoted,
      });
      // The entry as the API shows it: an id, the time in ISO form, and no mesh ref.
      expect(first).toEqual({
        id: expect.stringMatching(/^\d+$/),
        at: '2026-12-01T00:00:00.000Z',
        ...promoted,
      });
      await history.append({
        meshRef: MESH,
        at: T0 + 1,
        actor: 'user:default/alice',
        action: 'promotion_requested',
        agent: 'critic',
        fromLane: 'dry_run',
        toLane: 'execute',
        requestId: 'r-1',
      });
      await history.append({
        meshRef: MESH,
        at: T0 + 2,
        actor: 'user:default/bob',
        action: 'demoted',
        agent: 'conductor',
        fromLane: 'dry_run',
        toLane: 'read_only',
        version: 7,
      });
      await history.append({
        meshRef: OTHER,
        at: T0 + 3,
        actor: 'system',
        action: 'request_expired',
        agent: 'critic',
      });

      const page1 = await history.list(MESH, { limit: 2 });
      expect(page1.items.map(e => e.action)).toEqual([
        'demoted',
        'promotion_requested',
      ]);
      expect(page1.items[1].requestId).toBe('r-1');
      const page2 = await history.list(MESH, {
        limit: 2,
        cursor: page1.nextCursor,
      });
      expect(page2).toEqual({ items: [first] });
      expect(
        (await history.list(MESH, { limit: 5, agent: 'critic' })).items,
      ).toHaveLength(2);

      const latest = await history.latestLaneChanges(MESH);
      expect(
        [...latest.values()].sort((a, b) => a.version - b.version),
      ).toEqual([
        {
          agent: 'critic',
          lane: 'dry_run',
          version: 1,
          at: T0,
          actor: 'user:default/alice',
        },
        {
          agent: 'conductor',
          lane: 'read_only',
          version: 7,
          at: T0 + 2,
          actor: 'user:default/bob',
        },
      ]);
    });

    it('keeps at most one pending request per agent, decides only from pending, and finds expired ones', async () => {
      const { requests } = await stores(databaseId);
      const base = {
        meshRef: MESH,
        target: TARGET,
        agent: 'critic',
        from: 'dry_run' as const,
        to: 'execute' as const,
        fromVersion: 3,
        requestedBy: 'user:default/alice',
        requestedAt: T0,
        expiresAt: T0 + 1000,
      };
      const created = await requests.create({ ...base, id: 'r-1' });
      expect(created).toMatchObject({
        id: 'r-1',
        status: 'pending',
        fromVersion: 3,
        target: TARGET,
        expiresAt: new Date(T0 + 1000).toISOString(),
      });
      await expect(requests.create({ ...base, id: 'r-2' })).rejects.toThrow(
        PendingRequestExistsError,
      );
      await requests.create({ ...base, id: 'r-3', agent: 'conductor' });

      expect(await requests.listExpired(T0 + 999)).toEqual([]);
      expect(
        (await requests.listExpired(T0 + 1000)).map(r => r.id).sort(),
      ).toEqual(['r-1', 'r-3']);

      const decision = {
        status: 'rejected' as const,
        decidedBy: 'user:default/bob',
        decidedAt: T0 + 5,
        decisionReason: 'not yet',
      };
      expect(await requests.decide('r-1', decision)).toBe(true);
      expect(
        await requests.decide('r-1', { ...decision, status: 'approved' }),
      ).toBe(false);
      expect(await requests.get(MESH, 'r-1')).toMatchObject({
        status: 'rejected',
        decidedBy: 'user:default/bob',
        decisionReason: 'not yet',
      });
      expect(await requests.get(OTHER, 'r-1')).toBeUndefined();
      // Once decided, the agent may ask again.
      await requests.create({ ...base, id: 'r-4' });
      expect(
        (await requests.list(MESH, { status: 'pending' })).map(r => r.id),
      ).toEqual(['r-4', 'r-3']);
      expect(await requests.countPending([MESH, OTHER], T0)).toEqual(
        new Map([[MESH, 2]]),
      );
      expect(await requests.countPending([MESH], T0 + 1000)).toEqual(new Map());
    });

    it('claims an idempotency key once, returns the kept answer, refuses another body, and forgets a released key', async () => {
      const { idempotency, transaction } = await stores(databaseId);
      const scope = { meshRef: MESH, actor: 'user:default/a', key: 'key-0001' };
      expect(await idempotency.claim(scope, 'f1', T0)).toEqual({
        state: 'claimed',
      });
      expect(await idempotency.claim(scope, 'f1', T0)).toEqual({
        state: 'in_progress',
      });
      expect(await idempotency.claim(scope, 'f2', T0)).toEqual({
        state: 'mismatch',
      });
      await transaction(tx =>
        idempotency.complete(scope, { status: 200, body: { ok: 1 } }, tx),
      );
      expect(await idempotency.claim(scope, 'f1', T0)).toEqual({
        state: 'completed',
        status: 200,
        body: { ok: 1 },
      });
      // The same key of another actor is another key.
      expect(
        await idempotency.claim(
          { ...scope, actor: 'user:default/b' },
          'f1',
          T0,
        ),
      ).toEqual({ state: 'claimed' });
      await idempotency.release(scope);
      expect(await idempotency.claim(scope, 'f1', T0)).toEqual({
        state: 'claimed',
      });
      expect(await idempotency.deleteBefore(T0 + 1)).toBe(2);
    });

    it('keeps outbox entries until removed, counting failures, and rolls back with the transaction', async () => {
      const { outbox, transaction } = await stores(databaseId);
      const event = {
        detailType: 'agent-mesh.lane.promoted' as const,
        detail: {
          meshId: 'billing-dev',
          agent: 'critic',
          from: 'read_only' as const,
          to: 'dry_run' as const,
          version: 1,
          actor: 'user:default/a',
        },
        time: new Date(T0),
      };
      const entry = {
        meshRef: MESH,
        target: { accountId: TARGET.accountId, region: TARGET.region },
        busName: 'agent-mesh-billing-dev',
        event,
      };
      const id = await outbox.add(entry);
      await expect(
        transaction(async tx => {
          await outbox.add(entry, tx);
          throw new Error('the history insert failed');
        }),
      ).rejects.toThrow('the history insert failed');
      await outbox.markFailed(id, 'ThrottlingException');
      expect(await outbox.listPending(10)).toEqual([
        { ...entry, id, attempts: 1 },
      ]);
      await outbox.remove(id);
      expect(await outbox.listPending(10)).toEqual([]);
    });
  });
});
