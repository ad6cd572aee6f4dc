import { Lane } from '@agent-mesh/mesh-model';
import { pascalCase } from '../naming/pascal-case';

/**
 * Names of the conductor workflow's states. They are part of the contract: the portal shows them,
 * alarms and the local emulator's handlers are keyed by them.
 *
 * @public
 */
export const CONDUCTOR_STATES = {
  checkInput: 'CheckInput',
  invalidInput: 'InvalidInput',
  rejectInput: 'RejectInput',
  loadLane: 'LoadLane',
  laneKnown: 'LaneKnown',
  useStoredLane: 'UseStoredLane',
  defaultToReadOnly: 'DefaultToReadOnly',
  storeRunTask: 'StoreRunTask',
  plan: 'Plan',
  checkPlan: 'CheckPlan',
  invalidPlan: 'InvalidPlan',
  storePlan: 'StorePlan',
  recordTimeline: 'RecordTimeline',
  queueSubtasks: 'QueueSubtasks',
  sendSubtask: 'SendSubtask',
  criticReview: 'CriticReview',
  checkReview: 'CheckReview',
  invalidReview: 'InvalidReview',
  storeReview: 'StoreReview',
  criticVerdict: 'CriticVerdict',
  requestApproval: 'RequestApproval',
  approvalDecision: 'ApprovalDecision',
  reloadLane: 'ReloadLane',
  compareReloadedLane: 'CompareReloadedLane',
  useReloadedLane: 'UseReloadedLane',
  selectLane: 'SelectLane',
  checkExitCode: 'CheckExitCode',
  sweeperCleanup: 'SweeperCleanup',
  runSucceeded: 'RunSucceeded',
  criticRejected: 'CriticRejected',
  approvalRejected: 'ApprovalRejected',
  approvalNotGranted: 'ApprovalNotGranted',
  recordApprovalTimeout: 'RecordApprovalTimeout',
  approvalTimedOut: 'ApprovalTimedOut',
  unknownLane: 'UnknownLane',
  markRunFailed: 'MarkRunFailed',
  runFailed: 'RunFailed',
} as const;

/** The state that runs an agent's task in `lane`, e.g. `ExecuteDryRun`. @public */
export function executeStateName(lane: Lane): string {
  return `Execute${pascalCase(lane)}`;
}

/** The sweeper workflow's state that runs the sweeper in `lane`, e.g. `SweepReadOnly`. @public */
export function sweepStateName(lane: Lane): string {
  return `Sweep${pascalCase(lane)}`;
}

/** Errors the workflow raises; the portal matches on them. @public */
export const WORKFLOW_ERRORS = {
  criticRejected: 'AgentMesh.CriticRejected',
  approvalRejected: 'AgentMesh.ApprovalRejected',
  approvalTimedOut: 'AgentMesh.ApprovalTimedOut',
  unknownLane: 'AgentMesh.UnknownLane',
  runFailed: 'AgentMesh.RunFailed',
  /** The run's input has no `agent` (the run ends at once) or no `task` (the run ends through MarkRunFailed). */
  invalidInput: 'AgentMesh.InvalidInput',
  /** The plan step answered without a `subtasks` list. */
  invalidPlan: 'AgentMesh.InvalidPlan',
  /** The review step answered without a string `verdict`. */
  invalidReview: 'AgentMesh.InvalidReview',
} as const;

/** The detail-type of the event carrying an approval request's task token. @public */
export const APPROVAL_REQUESTED_DETAIL_TYPE = 'agent-mesh.approval.requested';
/** The source of events the orchestration puts on the bus. @public */
export const ORCHESTRATION_EVENT_SOURCE = 'agent-mesh.orchestration';
