import {
  CONDUCTOR_STATES as S,
  WORKFLOW_ERRORS,
} from '@agent-mesh/infra-constructs';
import { Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { ExecutionStatus } from '../stores/stepFunctionsStore';
import { MeshModel } from './meshModel';
import {
  ApprovalDecision,
  CriticVerdict,
  drawApproval,
  drawExecute,
  drawPlan,
  drawReview,
  waitsForApproval,
  ExecuteOutcome,
} from './runBehavior';
import { SeededRandom } from './seededRandom';

/** How a past conductor run went, drawn from the same behaviour as live runs. */
export interface SimulatedRun {
  planMs: number;
  planFails: boolean;
  subtasks: number;
  reviewMs?: number;
  verdict?: CriticVerdict;
  approval?: { decision: ApprovalDecision; ms: number };
  executeMs?: number;
  execute?: ExecuteOutcome;
  exitCode?: number;
  durationMs: number;
  taskMs: number;
  status: ExecutionStatus;
  error?: string;
  /** The Fail state the run ended in, whose Cause is the execution's cause. */
  failState?: string;
}

/**
 * Draws a whole conductor run for `agent` in `lane`. The draws come in the order a live run makes them, from
 * a generator derived from the execution, so the history of a seeded run can be rebuilt from its name alone.
 */
export function simulateRun(
  rng: SeededRandom,
  model: MeshModel,
  agent: string,
  lane: Lane,
  approvalTimeoutMs: number,
): SimulatedRun {
  const plan = drawPlan(rng, model);
  const run: SimulatedRun = {
    planMs: plan.ms,
    planFails: plan.fails,
    subtasks: plan.subtasks,
    durationMs: plan.ms,
    taskMs: plan.ms,
    status: 'FAILED',
  };
  if (plan.fails) return fail(run, WORKFLOW_ERRORS.runFailed, S.runFailed);
  const review = drawReview(
    rng,
    lane,
    model.profiles.get(agent)?.failureFactor,
  );
  run.reviewMs = review.ms;
  run.verdict = review.verdict;
  run.durationMs += review.ms;
  run.taskMs += review.ms;
  if (
    review.verdict === 'rejected' ||
    (review.verdict === 'needs_approval' && !model.approvalGate)
  ) {
    return fail(run, WORKFLOW_ERRORS.criticRejected, S.criticRejected);
  }
  if (waitsForApproval(review.verdict, lane, model.approvalGate)) {
    run.approval = drawApproval(rng, approvalTimeoutMs);
    run.durationMs += run.approval.ms;
    if (run.approval.decision === 'timeout')
      return fail(run, WORKFLOW_ERRORS.approvalTimedOut, S.approvalTimedOut);
    if (run.approval.decision === 'rejected')
      return fail(run, WORKFLOW_ERRORS.approvalRejected, S.approvalRejected);
  }
  const task = drawExecute(rng, model, agent, lane);
  run.executeMs = task.ms;
  run.execute = task.outcome;
  run.exitCode = task.exitCode;
  run.durationMs += task.ms;
  run.taskMs += task.ms;
  if (task.outcome !== 'ok')
    return fail(run, WORKFLOW_ERRORS.runFailed, S.runFailed);
  run.status = 'SUCCEEDED';
  return run;
}

function fail(
  run: SimulatedRun,
  error: string,
  failState: string,
): SimulatedRun {
  run.status = 'FAILED';
  run.error = error;
  run.failState = failState;
  return run;
}
