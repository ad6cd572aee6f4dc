export { agentMeshApiRef, type AgentMeshApi } from './AgentMeshApi';
export { AgentMeshClient } from './AgentMeshClient';
