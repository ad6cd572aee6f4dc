import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  emptyRunCounts,
  MeshSummary,
} from '@agent-mesh/plugin-agent-mesh-common';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import { forgetRemovedMeshes } from './removedMeshes';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T12:00:00Z');

function summary(entityRef: string, meshId: string): MeshSummary {
  return { entityRef, name: entityRef.split('/')[1], meshId, agents: [] };
}

function snapshot(entityRef: string, meshId: string) {
  return {
    entityRef,
    meshId,
    window: { from: 'a', to: 'b' },
    agents: [],
    runs: { status: 'ok' as const, totals: emptyRunCounts(), unattributed: 0 },
    lanes: { status: 'ok' as const },
    alarms: { status: 'ok' as const, items: [] },
    metrics: { status: 'ok' as const, periodSeconds: 3600, series: [] },
    cost: { status: 'ok' as const },
  };
}

describe('forgetRemovedMeshes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('deletes a removed mesh past the retention time, keeps a recently removed one, and starts a re-used ref clean', async () => {
    // GIVEN stored meshes: one removed 40 days ago, one removed yesterday, one whose ref now names another mesh
    const knex = await databases.init('SQLITE_3');
    const store = await KnexSnapshotStore.create({
      database: { getClient: async () => knex },
    });
    const stored: Array<[string, string, number]> = [
      ['system:default/old', 'old-mesh', NOW - 40 * DAY],
      ['system:default/recent', 'recent-mesh', NOW - DAY],
      ['system:default/reused', 'first-mesh', NOW - DAY],
      ['system:default/kept', 'kept-mesh', NOW - DAY],
    ];
    for (const [ref, meshId, at] of stored) {
      await store.putSnapshot(ref, snapshot(ref, meshId), at);
    }
    const logger = mockServices.logger.mock();

    // WHEN the catalog holds only the re-used ref (now mesh second-mesh) and the kept one
    await forgetRemovedMeshes(
      store,
      [
        summary('system:default/reused', 'second-mesh'),
        summary('system:default/kept', 'kept-mesh'),
      ],
      { nowMs: NOW, retentionMs: 30 * DAY, logger },
    );

    // THEN
    expect((await store.listStoredMeshes()).map(m => m.meshRef).sort()).toEqual(
      ['system:default/kept', 'system:default/recent'],
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'system:default/reused (mesh first-mesh): the entity now names mesh second-mesh',
      ),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'system:default/old (mesh old-mesh): gone from the catalog past the retention time',
      ),
    );
  });
});
