import { createApiRef } from '@backstage/core-plugin-api';
import {
  CostGranularity,
  CostGroupBy,
  CostSeriesResponse,
  DecisionRequest,
  GateReport,
  Lane,
  LaneChangeRequest,
  LaneChangeResponse,
  LaneVersion,
  ListHistoryResponse,
  ListLanesResponse,
  ListMeshesResponse,
  ListPromotionRequestsResponse,
  ListRunsResponse,
  ListWaitingRunsResponse,
  MeshSnapshot,
  operations,
  PromotionRequestDecisionResponse,
  RunDetailResponse,
  RunStatus,
  WaitingRunDecisionResponse,
} from '@agent-mesh/plugin-agent-mesh-common';

/**
 * A mesh as the backend routes address it: the namespace and name of its catalog `System`.
 *
 * @public
 */
export interface MeshRef {
  namespace: string;
  name: string;
}

/**
 * Filters and paging of `listRuns`; every field is optional.
 *
 * @public
 */
export interface ListRunsQuery {
  status?: RunStatus;
  agent?: string;
  lane?: Lane;
  /** Runs started at or after this time (ISO 8601). */
  from?: string;
  /** Runs started before this time (ISO 8601). */
  to?: string;
  /** Page size, 1-200; the backend's default is 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * How `getCost` splits the cost series; the backend's defaults are `DAILY` and `SERVICE`.
 *
 * @public
 */
export interface CostQuery {
  granularity?: CostGranularity;
  groupBy?: CostGroupBy;
}

/**
 * A promotion or demotion as the UI asks for it: the spec's `LaneChangeRequest`, with the idempotency key
 * optional. Pass the key of the user's intent when retrying the same click; without one, the client makes
 * a new key.
 *
 * @public
 */
export type LaneChangeInput = Omit<LaneChangeRequest, 'idempotencyKey'> &
  Partial<Pick<LaneChangeRequest, 'idempotencyKey'>>;

/**
 * The outcome of a promotion or demotion, so a component can show each without parsing errors:
 * `applied` (200) and `pending_approval` (202, a second person must approve) carry the backend's answer;
 * `conflict` (409) carries the agent's current lane and version (someone else changed it, nothing was
 * changed); `gates_failed` (422, promotions only) carries the gate report. Other failures reject with a
 * `ResponseError`.
 *
 * @public
 */
export type LaneChangeResult =
  | { kind: 'applied' | 'pending_approval'; response: LaneChangeResponse }
  | { kind: 'conflict'; current: LaneVersion; message: string }
  | { kind: 'gates_failed'; report: GateReport; message: string };

/**
 * The outcome of approving a promotion request: `approved` (the promotion was applied), `conflict` (the
 * lane changed since the request was made) or `gates_failed` (a gate fails now). A request that is no
 * longer pending rejects with a `ResponseError` (409).
 *
 * @public
 */
export type PromotionApprovalResult =
  | { kind: 'approved'; response: PromotionRequestDecisionResponse }
  | { kind: 'conflict'; current: LaneVersion; message: string }
  | { kind: 'gates_failed'; report: GateReport; message: string };

/**
 * Filters of `listPromotionRequests`; by default only pending requests.
 *
 * @public
 */
export type ListPromotionRequestsQuery = NonNullable<
  operations['ListPromotionRequests']['parameters']['query']
>;

/**
 * Filter and paging of `listHistory`: one agent, page size (1-100, default 20) and the previous page's
 * `nextCursor`.
 *
 * @public
 */
export type ListHistoryQuery = NonNullable<
  operations['ListMeshHistory']['parameters']['query']
>;

/**
 * The Agent Mesh backend as the frontend sees it. Every method rejects with a `ResponseError` on a
 * non-OK answer (401, 403, 404 naming a missing annotation, ...).
 *
 * @public
 */
export interface AgentMeshApi {
  /** Meshes of the catalog the signed-in user may read, with their agents and health. */
  listMeshes(): Promise<ListMeshesResponse>;
  /** The mesh's last stored snapshot and its age. */
  getMeshSnapshot(mesh: MeshRef): Promise<MeshSnapshot>;
  /** One page of the mesh's stored runs, newest first. */
  listRuns(mesh: MeshRef, query?: ListRunsQuery): Promise<ListRunsResponse>;
  /** One run and its event history. */
  getRun(mesh: MeshRef, runName: string): Promise<RunDetailResponse>;
  /** The mesh's cost series, month to date, forecast and budget. */
  getCost(mesh: MeshRef, query?: CostQuery): Promise<CostSeriesResponse>;
  /** Every agent's lane and version, the lanes it may move to and its pending promotion request. */
  listLanes(mesh: MeshRef): Promise<ListLanesResponse>;
  /** The gates of promoting the agent one lane up, evaluated by the backend. */
  getPromotionGates(mesh: MeshRef, agent: string): Promise<GateReport>;
  /** Moves the agent one lane up (needs `agent-mesh.lane.promote`). */
  promoteAgent(
    mesh: MeshRef,
    agent: string,
    change: LaneChangeInput,
  ): Promise<LaneChangeResult>;
  /** Moves the agent to a lower lane at once (needs `agent-mesh.lane.demote`); never gated. */
  demoteAgent(
    mesh: MeshRef,
    agent: string,
    change: LaneChangeInput,
  ): Promise<LaneChangeResult>;
  /** The mesh's promotion requests, newest first; pending ones unless asked otherwise. */
  listPromotionRequests(
    mesh: MeshRef,
    query?: ListPromotionRequestsQuery,
  ): Promise<ListPromotionRequestsResponse>;
  /** Approves a pending promotion request as a second person and applies it. */
  approvePromotionRequest(
    mesh: MeshRef,
    requestId: string,
    decision?: DecisionRequest,
  ): Promise<PromotionApprovalResult>;
  /** Rejects (or, for its requester, withdraws) a pending promotion request. */
  rejectPromotionRequest(
    mesh: MeshRef,
    requestId: string,
    decision?: DecisionRequest,
  ): Promise<PromotionRequestDecisionResponse>;
  /** Runs waiting at the approval gate, oldest first. */
  listWaitingRuns(mesh: MeshRef): Promise<ListWaitingRunsResponse>;
  /** Lets a run waiting at the approval gate go on. */
  approveWaitingRun(
    mesh: MeshRef,
    runName: string,
    decision?: DecisionRequest,
  ): Promise<WaitingRunDecisionResponse>;
  /** Stops a run waiting at the approval gate. */
  rejectWaitingRun(
    mesh: MeshRef,
    runName: string,
    decision?: DecisionRequest,
  ): Promise<WaitingRunDecisionResponse>;
  /** One page of the mesh's lane history, newest first. */
  listHistory(
    mesh: MeshRef,
    query?: ListHistoryQuery,
  ): Promise<ListHistoryResponse>;
}

/** @public */
export const agentMeshApiRef = createApiRef<AgentMeshApi>({
  id: 'plugin.agent-mesh.service',
});
