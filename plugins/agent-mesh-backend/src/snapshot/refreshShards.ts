import { fnv1a } from '@agent-mesh/plugin-agent-mesh-common';

/** The prefix of the scheduled refresh tasks' ids. */
export const REFRESH_TASK_ID = 'agent-mesh:refresh-snapshots';

/** One of the scheduled refresh tasks: the meshes whose entity ref hashes to `index` of `count`. */
export interface RefreshShard {
  index: number;
  count: number;
}

/** Every shard's task, e.g. `agent-mesh:refresh-snapshots:2of4`. */
export function refreshShards(
  count: number,
): Array<RefreshShard & { taskId: string }> {
  return Array.from({ length: count }, (_, index) => ({
    index,
    count,
    taskId: `${REFRESH_TASK_ID}:${index + 1}of${count}`,
  }));
}

/** Whether the mesh belongs to the shard: FNV-1a of its entity ref, so a mesh stays in one shard across restarts. */
export function inShard(entityRef: string, shard: RefreshShard): boolean {
  return fnv1a(entityRef) % shard.count === shard.index;
}
