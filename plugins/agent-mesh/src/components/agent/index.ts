export { EntityAgentOverviewCard } from './EntityAgentOverviewCard';
export { EntityAgentMeshAgentContent } from './EntityAgentMeshAgentContent';
