export {
  agentMeshApiRef,
  type AgentMeshApi,
  type CostQuery,
  type ListRunsQuery,
  type MeshRef,
} from './AgentMeshApi';
export { AgentMeshClient } from './AgentMeshClient';
