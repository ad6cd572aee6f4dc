import {
  agentMeshDemotePermission,
  agentMeshPromotePermission,
} from '@agent-mesh/plugin-agent-mesh-common';
import { PromotionServices } from '../../promotion/createPromotion';
import {
  MeshAccessDeps,
  requireMeshPermission,
  resolveMesh,
} from '../meshAccess';
import { sendAnswer } from './laneAnswer';
import { AgentMeshApiRouter } from './types';

/** `POST .../agents/{agent}/promotion` and `.../demotion`: permission first, then the lane change. */
export function registerLaneChangeRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & { promotion: PromotionServices },
) {
  router.post(
    '/meshes/:namespace/:name/agents/:agent/promotion',
    async (req, res) => {
      const mesh = await resolveMesh(req, req.params, deps);
      await requireMeshPermission(mesh, agentMeshPromotePermission, deps);
      await sendAnswer(res, () =>
        deps.promotion.laneChanges.promote(
          mesh,
          req.params.agent,
          req.body,
          req,
        ),
      );
    },
  );

  router.post(
    '/meshes/:namespace/:name/agents/:agent/demotion',
    async (req, res) => {
      const mesh = await resolveMesh(req, req.params, deps);
      await requireMeshPermission(mesh, agentMeshDemotePermission, deps);
      await sendAnswer(res, () =>
        deps.promotion.laneChanges.demote(
          mesh,
          req.params.agent,
          req.body,
          req,
        ),
      );
    },
  );
}
