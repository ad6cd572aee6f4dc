export {
  agentMeshApiRef,
  type AgentMeshApi,
  type CostQuery,
  type LaneChangeInput,
  type LaneChangeResult,
  type ListHistoryQuery,
  type ListPromotionRequestsQuery,
  type ListRunsQuery,
  type MeshRef,
  type PromotionApprovalResult,
} from './AgentMeshApi';
export { AgentMeshClient } from './AgentMeshClient';
export { newIdempotencyKey } from './idempotencyKey';
