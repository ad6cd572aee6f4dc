import { Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { MeshModel } from './meshModel';
import { SeededRandom } from './seededRandom';

const MINUTE = 60_000;

/** Chance that an agent's task fails in a lane, before the agent's own factor: writes fail more than reads. */
export const LANE_FAILURE_RATE: Record<Lane, number> = {
  read_only: 0.02,
  dry_run: 0.05,
  execute: 0.1,
};

/** Minutes an agent's own task runs in a lane, before the agent's duration factor. */
const LANE_MINUTES: Record<Lane, [number, number]> = {
  read_only: [3, 8],
  dry_run: [5, 12],
  execute: [8, 20],
};

/** Chance that the critic asks a person to approve a run in a lane. */
const NEEDS_APPROVAL_RATE: Record<Lane, number> = {
  read_only: 0.01,
  dry_run: 0.08,
  execute: 0.3,
};

export type CriticVerdict = 'approved' | 'needs_approval' | 'rejected';
export type ExecuteOutcome = 'ok' | 'exit-nonzero' | 'task-failed';
export type ApprovalDecision = 'approved' | 'rejected' | 'timeout';

/** The conductor's planning step: how long, and whether it fails. */
export function drawPlan(
  rng: SeededRandom,
  model: MeshModel,
): { ms: number; fails: boolean; subtasks: number } {
  const factor = model.profiles.get('conductor')?.failureFactor ?? 1;
  return {
    ms: Math.round(rng.between(1, 3) * MINUTE),
    fails: rng.chance(0.01 * factor),
    subtasks: rng.int(1, model.spec.tier === 'large' ? 4 : 3),
  };
}

/**
 * The critic's review: how long, and its verdict; writes in higher lanes need a person more often. A steady
 * agent's plans are rejected and sent to a person less often, a flaky one's more (its failure factor), so the
 * agents the demo shows as ready for promotion really have the failure rate the gates ask for.
 */
export function drawReview(
  rng: SeededRandom,
  lane: Lane,
  failureFactor = 1,
): { ms: number; verdict: CriticVerdict } {
  const ms = Math.round(rng.between(1, 2) * MINUTE);
  const r = rng.next();
  const rejected = 0.03 * failureFactor;
  const needsApproval = NEEDS_APPROVAL_RATE[lane] * Math.min(1, failureFactor);
  if (r < rejected) return { ms, verdict: 'rejected' };
  if (r < rejected + needsApproval) return { ms, verdict: 'needs_approval' };
  return { ms, verdict: 'approved' };
}

/** The agent's own task in its lane: how long, and how it ends. */
export function drawExecute(
  rng: SeededRandom,
  model: MeshModel,
  agent: string,
  lane: Lane,
): { ms: number; outcome: ExecuteOutcome; exitCode: number } {
  const profile = model.profiles.get(agent) ?? {
    durationFactor: 1,
    failureFactor: 1,
    weight: 1,
  };
  const [lo, hi] = LANE_MINUTES[lane];
  const ms = Math.round(rng.between(lo, hi) * profile.durationFactor * MINUTE);
  if (rng.chance(LANE_FAILURE_RATE[lane] * profile.failureFactor)) {
    return rng.chance(0.6)
      ? { ms, outcome: 'exit-nonzero', exitCode: rng.pick([1, 2, 137]) }
      : { ms: Math.round(ms / 3), outcome: 'task-failed', exitCode: -1 };
  }
  return { ms, outcome: 'ok', exitCode: 0 };
}

/**
 * Whether a conductor run stops at the approval gate, as the synthesized workflow decides with the mesh default
 * `approvals.execute: 'always'`: where the tier has the gate, when the critic asks for a person, and for every
 * run in `execute` the critic did not reject (the critic's approval alone never lets a run write for real).
 */
export function waitsForApproval(
  verdict: CriticVerdict,
  lane: Lane,
  approvalGate: boolean,
): boolean {
  if (!approvalGate || verdict === 'rejected') return false;
  return verdict === 'needs_approval' || lane === 'execute';
}

/** What a person does at the approval gate in seeded history, and after how long. */
export function drawApproval(
  rng: SeededRandom,
  timeoutMs: number,
): { decision: ApprovalDecision; ms: number } {
  const r = rng.next();
  if (r < 0.08) return { decision: 'timeout', ms: timeoutMs };
  return {
    decision: r < 0.2 ? 'rejected' : 'approved',
    ms: Math.round(rng.between(5, 240) * MINUTE),
  };
}

/** Picks the agent of a run by the agents' weights. */
export function drawAgent(rng: SeededRandom, model: MeshModel): string {
  const total = model.runAgents.reduce(
    (sum, a) => sum + (model.profiles.get(a)?.weight ?? 1),
    0,
  );
  let r = rng.next() * total;
  for (const agent of model.runAgents) {
    r -= model.profiles.get(agent)?.weight ?? 1;
    if (r < 0) return agent;
  }
  return model.runAgents[model.runAgents.length - 1];
}
