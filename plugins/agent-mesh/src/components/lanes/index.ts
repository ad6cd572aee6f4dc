export { LanesCard } from './LanesCard';
export { GateChecklist, AgentGates } from './GateChecklist';
export { LaneChangeDialog, type LaneChangeIntent } from './LaneChangeDialog';
export { PromotionRequestsCard } from './PromotionRequestsCard';
export { WaitingRunsCard } from './WaitingRunsCard';
export { HistoryCard } from './HistoryCard';
export {
  EntityAgentMeshLanesContent,
  type EntityAgentMeshLanesContentProps,
} from './EntityAgentMeshLanesContent';
export { LaneCardItems, useLaneRevision } from './LaneCards';
