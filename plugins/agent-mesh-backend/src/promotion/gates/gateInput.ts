import { Gate, Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { GateThresholds } from '../../config/promotionConfig';
import { SnapshotBody } from '../../database/SnapshotStore';

/** What the gates of one promotion are evaluated on: the latest stored snapshot plus the artifacts listing. */
export interface GateInput {
  agent: string;
  /** The agent's current lane: run evidence counts in this lane only. */
  from: Lane;
  to: Lane;
  stored?: { refreshedAt: number; snapshot: SnapshotBody };
  nowMs: number;
  refreshIntervalMs: number;
  thresholds: GateThresholds;
  /** Object names under the agent's evidence prefix, or why they could not be listed. */
  evidence:
    | { ok: true; names: string[] }
    | { ok: false; error: { name: string; message: string } };
  /** The mesh's monthly budget in USD, when one is known. */
  budget?: number;
}

/** One gate: a pure function of the input. */
export type GateCheck = (input: GateInput) => Gate;

/** The agent's snapshot entry, if the snapshot has one. */
export function agentOf(input: GateInput) {
  return input.stored?.snapshot.agents.find(a => a.name === input.agent);
}
