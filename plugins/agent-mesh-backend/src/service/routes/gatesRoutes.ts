import { AgentMeshConfig } from '../../config/agentMeshConfig';
import { PromotionServices } from '../../promotion/createPromotion';
import { requirePromotable } from '../../promotion/laneView';
import { meshPolicy } from '../../promotion/meshPolicy';
import { MeshAccessDeps, resolveMesh } from '../meshAccess';
import { AgentMeshApiRouter } from './types';

/** `GET .../agents/{agent}/gates`: the gates of promoting the agent one lane up, from its current lane. */
export function registerGatesRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & {
    config: AgentMeshConfig;
    promotion: PromotionServices;
  },
) {
  router.get(
    '/meshes/:namespace/:name/agents/:agent/gates',
    async (req, res) => {
      const mesh = await resolveMesh(req, req.params, deps);
      const { agent } = req.params;
      const policy = meshPolicy(mesh, deps.config);
      const lane = await deps.promotion.lanes.get(mesh, agent);
      const to = requirePromotable(policy, agent, lane);
      res.json(
        await deps.promotion.gates.report(mesh, policy, {
          agent,
          from: lane.lane,
          to,
          version: lane.version,
        }),
      );
    },
  );
}
