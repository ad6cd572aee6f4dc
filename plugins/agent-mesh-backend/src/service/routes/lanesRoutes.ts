import { AgentMeshConfig } from '../../config/agentMeshConfig';
import { PromotionServices } from '../../promotion/createPromotion';
import { meshPolicy } from '../../promotion/meshPolicy';
import { MeshAccessDeps, resolveMesh } from '../meshAccess';
import { AgentMeshApiRouter } from './types';

interface LanesRouteDeps extends MeshAccessDeps {
  config: AgentMeshConfig;
  promotion: PromotionServices;
}

/** `GET .../lanes`: the stored snapshot's lanes overlaid by the newer changes in the history; no AWS call. */
export function registerLanesRoutes(
  router: AgentMeshApiRouter,
  deps: LanesRouteDeps,
) {
  router.get('/meshes/:namespace/:name/lanes', async (req, res) => {
    const mesh = await resolveMesh(req, req.params, deps);
    await deps.promotion.expiry.expireDue(mesh.entityRef);
    res.json(
      await deps.promotion.lanes.list(mesh, meshPolicy(mesh, deps.config)),
    );
  });
}
