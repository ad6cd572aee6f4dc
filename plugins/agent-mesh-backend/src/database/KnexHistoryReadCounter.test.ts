import { TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { KnexHistoryReadCounter } from './KnexHistoryReadCounter';
import { KnexSnapshotStore } from './KnexSnapshotStore';

const ids = testDatabaseIds('KnexHistoryReadCounter');

describe('KnexHistoryReadCounter', () => {
  const databases = TestDatabases.create({ ids });

  it.each(ids)(
    'counts reads per mesh and window atomically, and drops old windows, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await KnexSnapshotStore.create({
        database: { getClient: async () => knex },
      });
      const counter = new KnexHistoryReadCounter(knex);
      const mesh = 'system:default/billing-dev';

      // Twenty reads at once, as from several replicas: each gets its own count.
      const counts = await Promise.all(
        Array.from({ length: 20 }, () => counter.take(mesh, 60_000)),
      );
      expect(counts.sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect(await counter.take('system:default/other', 60_000)).toBe(1);

      expect(await counter.take(mesh, 120_000)).toBe(1);
      expect(
        await knex('agent_mesh_history_reads').where({ mesh_ref: mesh }),
      ).toEqual([expect.objectContaining({ count: 1 })]);
    },
  );
});
