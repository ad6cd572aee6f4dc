export { OverviewCard } from './OverviewCard';
export { AgentsTable } from './AgentsTable';
export { CostSummaryCard } from './CostSummaryCard';
export { EntityAgentMeshContent } from './EntityAgentMeshContent';
