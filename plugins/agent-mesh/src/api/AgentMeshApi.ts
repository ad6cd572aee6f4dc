import { createApiRef } from '@backstage/core-plugin-api';
import {
  CostGranularity,
  CostGroupBy,
  CostSeriesResponse,
  Lane,
  ListMeshesResponse,
  ListRunsResponse,
  MeshSnapshot,
  RunDetailResponse,
  RunStatus,
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
}

/** @public */
export const agentMeshApiRef = createApiRef<AgentMeshApi>({
  id: 'plugin.agent-mesh.service',
});
