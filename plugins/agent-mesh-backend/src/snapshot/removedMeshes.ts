import { LoggerService } from '@backstage/backend-plugin-api';
import { MeshSummary } from '@agent-mesh/plugin-agent-mesh-common';
import { SnapshotStore } from '../database/SnapshotStore';

/**
 * Deletes what is kept for meshes the catalog no longer has, once their last snapshot is older than the
 * retention time, and at once for a ref that now names another mesh id, so a new entity with the same ref
 * starts clean. Promotion history stays: it is the audit trail.
 */
export async function forgetRemovedMeshes(
  store: SnapshotStore,
  catalogMeshes: MeshSummary[],
  options: { nowMs: number; retentionMs: number; logger: LoggerService },
): Promise<void> {
  const meshIds = new Map(catalogMeshes.map(m => [m.entityRef, m.meshId]));
  for (const stored of await store.listStoredMeshes()) {
    const meshId = meshIds.get(stored.meshRef);
    const expired =
      meshId === undefined &&
      stored.refreshedAt < options.nowMs - options.retentionMs;
    const replaced = meshId !== undefined && meshId !== stored.meshId;
    if (expired || replaced) {
      await store.deleteMesh(stored.meshRef);
      options.logger.info(
        `Deleted the snapshot, runs and cost of ${stored.meshRef} (mesh ${
          stored.meshId
        }): ${
          expired
            ? 'gone from the catalog past the retention time'
            : `the entity now names mesh ${meshId}`
        }`,
      );
    }
  }
}
