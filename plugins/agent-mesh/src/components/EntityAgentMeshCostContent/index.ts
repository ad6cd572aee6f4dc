export { EntityAgentMeshCostContent } from './EntityAgentMeshCostContent';
