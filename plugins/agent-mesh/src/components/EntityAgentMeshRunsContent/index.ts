export { EntityAgentMeshRunsContent } from './EntityAgentMeshRunsContent';
