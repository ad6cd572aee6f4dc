/**
 * The Agent Mesh frontend plugin.
 *
 * @packageDocumentation
 */

export {
  agentMeshPlugin,
  AgentMeshPage,
  EntityAgentMeshContent,
  EntityAgentMeshRunsContent,
  EntityAgentMeshCostContent,
} from './plugin';
export {
  agentMeshApiRef,
  AgentMeshClient,
  type AgentMeshApi,
  type CostQuery,
  type ListRunsQuery,
  type MeshRef,
} from './api';
export { isAgentMeshAvailable } from '@agent-mesh/plugin-agent-mesh-common';
