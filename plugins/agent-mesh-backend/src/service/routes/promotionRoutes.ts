import { AgentMeshConfig } from '../../config/agentMeshConfig';
import { PromotionServices } from '../../promotion/createPromotion';
import { MeshAccessDeps } from '../meshAccess';
import { registerGatesRoutes } from './gatesRoutes';
import { registerHistoryRoutes } from './historyRoutes';
import { registerLaneChangeRoutes } from './laneChangeRoutes';
import { registerLanesRoutes } from './lanesRoutes';
import { registerPromotionRequestsRoutes } from './promotionRequestsRoutes';
import { AgentMeshApiRouter } from './types';

/** The routes of lane promotion: lanes, gates, promotion and demotion, promotion requests, history. */
export function registerPromotionRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & {
    config: AgentMeshConfig;
    promotion: PromotionServices;
  },
) {
  registerLanesRoutes(router, deps);
  registerGatesRoutes(router, deps);
  registerLaneChangeRoutes(router, deps);
  registerPromotionRequestsRoutes(router, deps);
  registerHistoryRoutes(router, deps);
}
