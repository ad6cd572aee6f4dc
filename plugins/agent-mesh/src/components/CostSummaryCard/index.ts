export { CostSummaryCard } from './CostSummaryCard';
