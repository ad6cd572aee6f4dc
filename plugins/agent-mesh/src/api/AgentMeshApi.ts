import { createApiRef } from '@backstage/core-plugin-api';
import { ListMeshesResponse } from '@agent-mesh/plugin-agent-mesh-common';

/**
 * The Agent Mesh backend as the frontend sees it.
 *
 * @public
 */
export interface AgentMeshApi {
  /** Meshes of the catalog the signed-in user may read, with their agents. */
  listMeshes(): Promise<ListMeshesResponse>;
}

/** @public */
export const agentMeshApiRef = createApiRef<AgentMeshApi>({
  id: 'plugin.agent-mesh.service',
});
