import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
// The answers, in the order of the methods below; then the bodies sent and the typed error bodies.
import type {
  ListMeshesResponse,
  MeshSnapshot,
  ListRunsResponse,
  RunDetailResponse,
  CostSeriesResponse,
  ListLanesResponse,
  GateReport,
  ListPromotionRequestsResponse,
  PromotionRequestDecisionResponse,
  ListWaitingRunsResponse,
  WaitingRunDecisionResponse,
  ListHistoryResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import type {
  DecisionRequest,
  GatesFailedError,
  LaneChangeRequest,
  LaneChangeResponse,
  LaneConflictError,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  AgentMeshApi,
  CostQuery,
  LaneChangeInput,
  LaneChangeResult,
  ListHistoryQuery,
  ListPromotionRequestsQuery,
  ListRunsQuery,
  MeshRef,
  PromotionApprovalResult,
} from './AgentMeshApi';
import { newIdempotencyKey } from './idempotencyKey';

type QueryValue = string | number | undefined;

/**
 * How often a write is sent again, with the same body and so the same idempotency key, when the network
 * failed or a gateway answered 502/503/504: the backend answers a repeated key with its first answer.
 */
const WRITE_RETRIES = 2;
const RETRYABLE_STATUS = new Set([502, 503, 504]);

/** The body of a 409 or 422 the backend sent with a `current` lane or a gate `report`, if it did. */
async function typedErrorBody(
  response: Response,
): Promise<Partial<LaneConflictError & GatesFailedError> | undefined> {
  try {
    const body = await response.clone().json();
    return body && typeof body === 'object' ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls the Agent Mesh backend through the app's discovery and fetch APIs, so the user's token travels along.
 *
 * @public
 */
export class AgentMeshClient implements AgentMeshApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listMeshes(): Promise<ListMeshesResponse> {
    return this.get('/meshes');
  }

  getMeshSnapshot(mesh: MeshRef): Promise<MeshSnapshot> {
    return this.get(`${meshPath(mesh)}/snapshot`);
  }

  listRuns(
    mesh: MeshRef,
    query: ListRunsQuery = {},
  ): Promise<ListRunsResponse> {
    return this.get(`${meshPath(mesh)}/runs`, {
      status: query.status,
      agent: query.agent,
      lane: query.lane,
      from: query.from,
      to: query.to,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  getRun(mesh: MeshRef, runName: string): Promise<RunDetailResponse> {
    return this.get(`${meshPath(mesh)}/runs/${encodeURIComponent(runName)}`);
  }

  getCost(mesh: MeshRef, query: CostQuery = {}): Promise<CostSeriesResponse> {
    return this.get(`${meshPath(mesh)}/cost`, {
      granularity: query.granularity,
      groupBy: query.groupBy,
    });
  }

  listLanes(mesh: MeshRef): Promise<ListLanesResponse> {
    return this.get(`${meshPath(mesh)}/lanes`);
  }

  getPromotionGates(mesh: MeshRef, agent: string): Promise<GateReport> {
    return this.get(`${agentPath(mesh, agent)}/gates`);
  }

  promoteAgent(
    mesh: MeshRef,
    agent: string,
    change: LaneChangeInput,
  ): Promise<LaneChangeResult> {
    return this.changeLane(`${agentPath(mesh, agent)}/promotion`, change);
  }

  demoteAgent(
    mesh: MeshRef,
    agent: string,
    change: LaneChangeInput,
  ): Promise<LaneChangeResult> {
    return this.changeLane(`${agentPath(mesh, agent)}/demotion`, change);
  }

  listPromotionRequests(
    mesh: MeshRef,
    query: ListPromotionRequestsQuery = {},
  ): Promise<ListPromotionRequestsResponse> {
    return this.get(`${meshPath(mesh)}/promotion-requests`, {
      status: query.status,
    });
  }

  async approvePromotionRequest(
    mesh: MeshRef,
    requestId: string,
    decision: DecisionRequest = {},
  ): Promise<PromotionApprovalResult> {
    const response = await this.post(
      `${meshPath(mesh)}/promotion-requests/${encodeURIComponent(
        requestId,
      )}/approve`,
      withKey(decision),
    );
    if (response.ok) {
      return {
        kind: 'approved',
        response: (await response.json()) as PromotionRequestDecisionResponse,
      };
    }
    const refusal = await laneRefusal(response);
    if (refusal) {
      return refusal;
    }
    throw await ResponseError.fromResponse(response);
  }

  rejectPromotionRequest(
    mesh: MeshRef,
    requestId: string,
    decision: DecisionRequest = {},
  ): Promise<PromotionRequestDecisionResponse> {
    return this.postJson(
      `${meshPath(mesh)}/promotion-requests/${encodeURIComponent(
        requestId,
      )}/reject`,
      withKey(decision),
    );
  }

  listWaitingRuns(mesh: MeshRef): Promise<ListWaitingRunsResponse> {
    return this.get(`${meshPath(mesh)}/waiting-runs`);
  }

  approveWaitingRun(
    mesh: MeshRef,
    runName: string,
    decision: DecisionRequest = {},
  ): Promise<WaitingRunDecisionResponse> {
    return this.postJson(
      `${meshPath(mesh)}/waiting-runs/${encodeURIComponent(runName)}/approve`,
      withKey(decision),
    );
  }

  rejectWaitingRun(
    mesh: MeshRef,
    runName: string,
    decision: DecisionRequest = {},
  ): Promise<WaitingRunDecisionResponse> {
    return this.postJson(
      `${meshPath(mesh)}/waiting-runs/${encodeURIComponent(runName)}/reject`,
      withKey(decision),
    );
  }

  listHistory(
    mesh: MeshRef,
    query: ListHistoryQuery = {},
  ): Promise<ListHistoryResponse> {
    return this.get(`${meshPath(mesh)}/history`, {
      agent: query.agent,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  private async changeLane(
    path: string,
    change: LaneChangeInput,
  ): Promise<LaneChangeResult> {
    const body: LaneChangeRequest = {
      ...change,
      idempotencyKey: change.idempotencyKey ?? newIdempotencyKey(),
    };
    const response = await this.post(path, body);
    if (response.ok) {
      const answer = (await response.json()) as LaneChangeResponse;
      return { kind: answer.outcome, response: answer };
    }
    const refusal = await laneRefusal(response);
    if (refusal) {
      return refusal;
    }
    throw await ResponseError.fromResponse(response);
  }

  private async postJson<T>(path: string, body: object): Promise<T> {
    const response = await this.post(path, body);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  /** Sends a write; a network failure or a gateway error sends it again, unchanged. */
  private async post(path: string, body: object): Promise<Response> {
    const url = `${await this.discoveryApi.getBaseUrl('agent-mesh')}${path}`;
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
    for (let attempt = 0; ; attempt++) {
      const last = attempt === WRITE_RETRIES;
      let response: Response;
      try {
        response = await this.fetchApi.fetch(url, init);
      } catch (error) {
        if (last) {
          throw error;
        }
        continue;
      }
      if (last || !RETRYABLE_STATUS.has(response.status)) {
        return response;
      }
    }
  }

  private async get<T>(
    path: string,
    query: Record<string, QueryValue> = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('agent-mesh');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** A 409 naming the current lane, or a 422 carrying the gate report, as a result instead of an error. */
async function laneRefusal(
  response: Response,
): Promise<
  Extract<LaneChangeResult, { kind: 'conflict' | 'gates_failed' }> | undefined
> {
  if (response.status !== 409 && response.status !== 422) {
    return undefined;
  }
  const body = await typedErrorBody(response);
  const message = body?.error?.message ?? response.statusText;
  if (response.status === 409 && body?.current) {
    return { kind: 'conflict', current: body.current, message };
  }
  if (response.status === 422 && body?.report) {
    return { kind: 'gates_failed', report: body.report, message };
  }
  return undefined;
}

/** A decision with its idempotency key: the caller's (a retry of the same click) or a new one. */
function withKey(decision: DecisionRequest): DecisionRequest {
  return {
    ...decision,
    idempotencyKey: decision.idempotencyKey ?? newIdempotencyKey(),
  };
}

function agentPath(mesh: MeshRef, agent: string): string {
  return `${meshPath(mesh)}/agents/${encodeURIComponent(agent)}`;
}

function meshPath(mesh: MeshRef): string {
  return `/meshes/${encodeURIComponent(mesh.namespace)}/${encodeURIComponent(
    mesh.name,
  )}`;
}
