import {
  agentMeshDemotePermission,
  agentMeshPromotePermission,
} from '@agent-mesh/plugin-agent-mesh-common';
import { PromotionServices } from '../../promotion/createPromotion';
import { MeshAccessDeps } from '../meshAccess';
import { meshAnswerRoute } from './laneAnswer';
import { AgentMeshApiRouter } from './types';

/** `POST .../agents/{agent}/promotion` and `.../demotion`: permission first, then the lane change. */
export function registerLaneChangeRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & { promotion: PromotionServices },
) {
  const { laneChanges } = deps.promotion;
  router.post(
    '/meshes/:namespace/:name/agents/:agent/promotion',
    meshAnswerRoute(deps, {
      permission: agentMeshPromotePermission,
      answer: (mesh, req) =>
        laneChanges.promote(mesh, req.params.agent, req.body, req),
    }),
  );
  router.post(
    '/meshes/:namespace/:name/agents/:agent/demotion',
    meshAnswerRoute(deps, {
      permission: agentMeshDemotePermission,
      answer: (mesh, req) =>
        laneChanges.demote(mesh, req.params.agent, req.body, req),
    }),
  );
}
