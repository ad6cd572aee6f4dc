import { WaitingRun } from '@agent-mesh/plugin-agent-mesh-common';

/** Which mesh a waiting run belongs to: the account and mesh id its approval request came from. */
export interface MeshKey {
  accountId: string;
  meshId: string;
}

/** A waiting run as kept, with the task token that only the server ever sees. */
export interface StoredWaitingRun {
  mesh: MeshKey;
  executionName: string;
  executionArn: string;
  agent: string;
  lane?: string;
  verdict?: string;
  taskToken: string;
  requestedAt: number;
  expiresAt: number;
  status: 'waiting' | 'deciding' | WaitingRun['status'];
  decidedBy?: string;
  decidedAt?: number;
}

/**
 * Runs waiting at approval gates, shared by every replica. Deciding a run is a claim (`waiting` to `deciding`)
 * that only one caller wins, so a run is answered once whatever the number of replicas or clicks.
 */
export interface WaitingRunStore {
  /** Keeps a reported run; a second report of the same run changes nothing. Returns whether it was new. */
  add(run: StoredWaitingRun): Promise<boolean>;
  /** The runs of a mesh that still wait, oldest first; runs past their expiry are marked expired first. */
  listWaiting(mesh: MeshKey, now: number): Promise<StoredWaitingRun[]>;
  /** How many runs still wait per mesh, keyed `<accountId>/<meshId>`, for the mesh list. */
  countWaiting(meshes: MeshKey[], now: number): Promise<Map<string, number>>;
  get(
    mesh: MeshKey,
    executionName: string,
  ): Promise<StoredWaitingRun | undefined>;
  /** Moves a waiting, unexpired run to `deciding`; false when it no longer waits (or another caller won). */
  claim(mesh: MeshKey, executionName: string, now: number): Promise<boolean>;
  /** Ends a claimed run's decision. */
  finish(
    mesh: MeshKey,
    executionName: string,
    outcome: WaitingRunOutcome,
  ): Promise<void>;
}

/** How {@link WaitingRunStore.finish} ends a claimed run: decided, expired, or back to waiting. */
export interface WaitingRunOutcome {
  status: 'approved' | 'rejected' | 'expired' | 'waiting';
  decidedBy?: string;
  decidedAt?: number;
}

/** The key {@link WaitingRunStore.countWaiting} answers by. */
export function meshKeyString(mesh: MeshKey): string {
  return `${mesh.accountId}/${mesh.meshId}`;
}
