import { AgentLaneState, Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { AppliedLaneChange } from '../database/LaneChangeReader';
import { SnapshotBody } from '../database/SnapshotStore';

/** An agent's lane as the portal knows it now. */
export interface CurrentLane {
  lane: Lane;
  version: number;
  source: 'kv' | 'default';
  updatedAt?: string;
  updatedBy?: string;
}

/**
 * The agent's lane: the snapshot's, unless the history holds a newer change the portal applied (a higher
 * version), so a change shows at once, on every replica, without racing the next refresh.
 */
export function currentLane(
  fromSnapshot: AgentLaneState | undefined,
  change: AppliedLaneChange | undefined,
): CurrentLane {
  const snapshotVersion =
    fromSnapshot?.source === 'kv' ? fromSnapshot.version ?? 0 : 0;
  if (change && change.version > snapshotVersion) {
    return {
      lane: change.lane,
      version: change.version,
      source: 'kv',
      updatedAt: new Date(change.at).toISOString(),
      updatedBy: change.actor,
    };
  }
  if (!fromSnapshot)
    return { lane: 'read_only', version: 0, source: 'default' };
  const lane: CurrentLane = {
    lane: fromSnapshot.lane,
    version: snapshotVersion,
    source: fromSnapshot.source,
  };
  if (fromSnapshot.updatedAt) lane.updatedAt = fromSnapshot.updatedAt;
  if (fromSnapshot.updatedBy) lane.updatedBy = fromSnapshot.updatedBy;
  return lane;
}

/** Every agent's current lane in a snapshot, by name. */
export function currentLanes(
  snapshot: SnapshotBody | undefined,
  changes: Map<string, AppliedLaneChange>,
): Map<string, CurrentLane> {
  const result = new Map<string, CurrentLane>();
  for (const agent of snapshot?.agents ?? []) {
    result.set(agent.name, currentLane(agent.lane, changes.get(agent.name)));
  }
  for (const [agent, change] of changes) {
    if (!result.has(agent)) result.set(agent, currentLane(undefined, change));
  }
  return result;
}
