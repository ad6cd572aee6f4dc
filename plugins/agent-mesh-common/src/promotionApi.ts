import type { components } from './schema/openapi.generated';

type Schemas = components['schemas'];

/**
 * The environments a mesh is deployed for; gates and approvals are configured per environment.
 *
 * @public
 */
export const ENVIRONMENTS = [
  'dev',
  'staging',
  'prod',
] as const satisfies readonly Schemas['Environment'][];

/** @public */
export type Environment = Schemas['Environment'];

/** @public */
export function isEnvironment(value: unknown): value is Environment {
  return (
    typeof value === 'string' &&
    (ENVIRONMENTS as readonly string[]).includes(value)
  );
}

/**
 * The gates a promotion must pass, in the order they are shown.
 *
 * @public
 */
export const GATE_NAMES = [
  'fresh_evidence',
  'min_successful_runs',
  'max_failure_rate',
  'no_alarm',
  'required_artifacts',
  'cost_forecast',
] as const satisfies readonly Schemas['GateName'][];

/** @public */
export type GateName = Schemas['GateName'];
/** @public */
export type Gate = Schemas['Gate'];
/** @public */
export type GateReport = Schemas['GateReport'];
/** An agent's lane and the version of its KV item. @public */
export type LaneVersion = Schemas['LaneVersion'];
/** @public */
export type AgentLane = Schemas['AgentLane'];
/** @public */
export type ListLanesResponse = Schemas['ListLanesResponse'];
/** The body of a promotion or demotion. @public */
export type LaneChangeRequest = Schemas['LaneChangeRequest'];
/** @public */
export type LaneChangeResponse = Schemas['LaneChangeResponse'];
/** The body of a 409 answer to a lane change: the agent's current lane and version. @public */
export type LaneConflictError = Schemas['LaneConflictError'];
/** The body of a 422 answer to a promotion: the gate report. @public */
export type GatesFailedError = Schemas['GatesFailedError'];
/** @public */
export type PromotionRequestStatus = Schemas['PromotionRequestStatus'];
/** @public */
export type PromotionRequest = Schemas['PromotionRequest'];
/** @public */
export type ListPromotionRequestsResponse =
  Schemas['ListPromotionRequestsResponse'];
/** The body of an approval or rejection. @public */
export type DecisionRequest = Schemas['DecisionRequest'];
/** @public */
export type PromotionRequestDecisionResponse =
  Schemas['PromotionRequestDecisionResponse'];
/** A run waiting at the approval gate, named by its execution (its task token stays on the server). @public */
export type WaitingRun = Schemas['WaitingRun'];
/** @public */
export type ListWaitingRunsResponse = Schemas['ListWaitingRunsResponse'];
/** @public */
export type WaitingRunDecisionResponse = Schemas['WaitingRunDecisionResponse'];
/** @public */
export type HistoryAction = Schemas['HistoryAction'];
/** @public */
export type HistoryEntry = Schemas['HistoryEntry'];
/** @public */
export type ListHistoryResponse = Schemas['ListHistoryResponse'];
