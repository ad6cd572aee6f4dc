import { Lane } from '@agent-mesh/plugin-agent-mesh-common';

/** The newest change of an agent's lane that the portal applied, from the history. */
export interface AppliedLaneChange {
  agent: string;
  lane: Lane;
  version: number;
  at: number;
  actor: string;
}

/**
 * Reads, from the history, the newest applied lane change of each agent of a mesh, so the lanes view shows a
 * change at once (whatever the replica) instead of waiting for the next refresh.
 */
export interface LaneChangeReader {
  latestLaneChanges(meshRef: string): Promise<Map<string, AppliedLaneChange>>;
}
