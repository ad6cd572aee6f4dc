export { CostCard } from './CostCard';
export { CostSummary } from './CostSummary';
