export { EntityAgentMeshContent } from './EntityAgentMeshContent';
