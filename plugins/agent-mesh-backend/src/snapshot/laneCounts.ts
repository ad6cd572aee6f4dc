import { LaneCounts } from '@agent-mesh/plugin-agent-mesh-common';
import { SnapshotBody } from '../database/SnapshotStore';

/** How many agents of a snapshot run in each lane; agents whose lane could not be read are left out. */
export function laneCounts(snapshot: SnapshotBody): LaneCounts {
  const counts: LaneCounts = { read_only: 0, dry_run: 0, execute: 0 };
  for (const agent of snapshot.agents) {
    if (agent.lane) counts[agent.lane.lane] += 1;
  }
  return counts;
}
