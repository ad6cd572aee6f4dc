import {
  agentMeshDemotePermission,
  agentMeshPromotePermission,
} from '@agent-mesh/plugin-agent-mesh-common';
import { PromotionServices } from '../../promotion/createPromotion';
import { MeshAccessDeps } from '../meshAccess';
import { Request } from 'express';
import { meshAnswerRoute, MeshParams } from './laneAnswer';
import { AgentMeshApiRouter } from './types';

/** `POST .../agents/{agent}/promotion` and `.../demotion`: permission first, then the lane change. */
export function registerLaneChangeRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & { promotion: PromotionServices },
) {
  const { laneChanges } = deps.promotion;
  const laneChange = (
    permission: typeof agentMeshPromotePermission,
    change: 'promote' | 'demote',
  ) =>
    meshAnswerRoute(deps, {
      permission,
      answer: (mesh, req: Request<MeshParams & { agent: string }>) =>
        laneChanges[change](mesh, req.params.agent, req.body, req),
    });
  router.post(
    '/meshes/:namespace/:name/agents/:agent/promotion',
    laneChange(agentMeshPromotePermission, 'promote'),
  );
  router.post(
    '/meshes/:namespace/:name/agents/:agent/demotion',
    laneChange(agentMeshDemotePermission, 'demote'),
  );
}
