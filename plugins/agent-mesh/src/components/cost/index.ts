export { CostCard } from './CostCard';
export { CostSummary } from './CostSummary';
export { EntityAgentMeshCostContent } from './EntityAgentMeshCostContent';
export { agentCostSeries } from './agentCost';
