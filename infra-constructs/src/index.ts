/**
 * AWS CDK constructs for an agent mesh (bus, compute, orchestration, ML features, integrations,
 * observability) and one stack per tier.
 *
 * @packageDocumentation
 */

export * from './bus/agent-bus';
export * from './compute/agent-compute';
export {
  lanePolicyStatements,
  workflowStepStatements,
  TABLE_WRITES,
} from './compute/lane-policies';
export type { LaneResources } from './compute/lane-policies';
export * from './orchestration/agent-orchestration';
export * from './orchestration/approval-policy';
export * from './orchestration/state-names';
export * from './orchestration/state-machine-definitions';
export * from './orchestration/run-items';
export { ECS_START_ERRORS } from './orchestration/lane-task-states';
export {
  RUN_EXPIRY_STATES,
  RUN_EXPIRY_YEARS,
} from './orchestration/run-expiry';
export * from './ml/agent-ml-features';
export * from './integrations/agent-integrations';
export * from './observability/agent-observability';
export * from './observability/alarm-topic';
export * from './observability/log-retention';
export * from './tiers/mesh-stack';
export * from './tiers/mesh-stack-props';
export * from './tiers/small-mesh';
export * from './tiers/medium-mesh';
export * from './tiers/large-mesh';
export * from './tiers/tier-stacks';
export * from './cost/cost-model';
export * from './cost/prices';
export * from './cost/template-usage';
export * from './validation/control-tower-suppressions';
export * from './naming/task-families';
export * from './naming/mesh-tags';
export { laneItemKey } from '@agent-mesh/mesh-model';
export { PropsErrors } from './validation/props-errors';
export * from './app/mesh-config';
export * from './app/mesh-app';
