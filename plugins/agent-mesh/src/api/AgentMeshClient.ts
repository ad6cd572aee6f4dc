import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ListMeshesResponse } from '@agent-mesh/plugin-agent-mesh-common';
import { AgentMeshApi } from './AgentMeshApi';

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

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('agent-mesh');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
