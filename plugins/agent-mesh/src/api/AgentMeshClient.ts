import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CostSeriesResponse,
  ListMeshesResponse,
  ListRunsResponse,
  MeshSnapshot,
  RunDetailResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  AgentMeshApi,
  CostQuery,
  ListRunsQuery,
  MeshRef,
} from './AgentMeshApi';

type QueryValue = string | number | undefined;

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

function meshPath(mesh: MeshRef): string {
  return `/meshes/${encodeURIComponent(mesh.namespace)}/${encodeURIComponent(
    mesh.name,
  )}`;
}
