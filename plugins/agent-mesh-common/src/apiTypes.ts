/**
 * The Agent Mesh API's request and response types and the allowed values of its enums. All are generated from
 * the backend's `src/schema/openapi.yaml` into `./schema/openapi.generated.ts`, and documented by the spec's
 * descriptions; this file only names them for the plugins, with the few types the spec does not name itself.
 */
import type {
  CostSeriesResponse,
  LanesPanel,
  MeshListItem,
} from './schema/openapi.generated';
import {
  environmentValues,
  gateNameValues,
  runStatusValues,
} from './schema/openapi.generated';

/** The mesh list and the health check. @public */
export type {
  ListMeshesResponse,
  MeshListItem,
  AgentSummary,
  MeshHealth,
  LaneCounts,
  PendingApprovals,
  HealthResponse,
} from './schema/openapi.generated';

/** A mesh's snapshot: runs, lanes, alarms, metrics and cost as the last refresh read them. @public */
export type {
  MeshSnapshot,
  AgentSnapshot,
  AgentLaneState,
  RunCounts,
  AlarmSummary,
  MetricSeries,
  CostSummary,
} from './schema/openapi.generated';

/** Runs and their event history. @public */
export type {
  RunStatus,
  RunSummary,
  ListRunsResponse,
  RunEvent,
  RunDetailResponse,
} from './schema/openapi.generated';

/** Cost over time. @public */
export type { CostSeriesResponse, CostPoint } from './schema/openapi.generated';

/** Lanes, gates and lane changes. @public */
export type {
  Environment,
  AgentLane,
  ListLanesResponse,
  LaneVersion,
  GateName,
  Gate,
  GateReport,
  LaneChangeRequest,
  LaneChangeResponse,
  LaneConflictError,
  GatesFailedError,
} from './schema/openapi.generated';

/** Promotion requests, runs waiting at the approval gate, and the decisions on both. @public */
export type {
  PromotionRequestStatus,
  PromotionRequest,
  ListPromotionRequestsResponse,
  DecisionRequest,
  PromotionRequestDecisionResponse,
  WaitingRun,
  ListWaitingRunsResponse,
  WaitingRunDecisionResponse,
} from './schema/openapi.generated';

/** The lane history. @public */
export type {
  HistoryAction,
  HistoryEntry,
  ListHistoryResponse,
} from './schema/openapi.generated';

/**
 * A mesh as the catalog describes it: the entity and where its AWS resources live.
 *
 * @public
 */
export type MeshSummary = Omit<MeshListItem, 'health'>;

/**
 * How one part of a snapshot (runs, lanes, alarms, metrics, cost) was last read from its AWS source.
 * A failing source degrades only its own part: `status: 'error'` with the reason, the rest stays `ok`.
 * `pending` means the source has not been read yet (no refresh has run since the mesh appeared).
 *
 * @public
 */
export type PanelState = LanesPanel;

/** @public */
export type CostGranularity = CostSeriesResponse['granularity'];
/** @public */
export type CostGroupBy = CostSeriesResponse['groupBy'];

/** Step Functions execution statuses. @public */
export const RUN_STATUSES = runStatusValues;

/** The environments a mesh is deployed for; gates and approvals are configured per environment. @public */
export const ENVIRONMENTS = environmentValues;

/** The gates a promotion must pass, in the order they are shown. @public */
export const GATE_NAMES = gateNameValues;
