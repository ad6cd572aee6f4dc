import { PromotionServices } from '../../promotion/createPromotion';
import { MeshAccessDeps, resolveMesh } from '../meshAccess';
import { meshAnswerRoute } from './laneAnswer';
import { AgentMeshApiRouter } from './types';

/**
 * `GET .../promotion-requests` (pending by default; expired ones are expired first), and approve / reject.
 * Who may decide is checked by the decisions service: approve needs `agent-mesh.approval.decide` and is never
 * the requester's; reject needs it too, unless the requester withdraws their own.
 */
export function registerPromotionRequestsRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & { promotion: PromotionServices },
) {
  const { decisions } = deps.promotion;
  router.get(
    '/meshes/:namespace/:name/promotion-requests',
    async (req, res) => {
      const mesh = await resolveMesh(req, req.params, deps);
      res.json(await decisions.list(mesh, req.query.status));
    },
  );
  router.post(
    '/meshes/:namespace/:name/promotion-requests/:requestId/approve',
    meshAnswerRoute(deps, {
      answer: (mesh, req) =>
        decisions.approve(mesh, req.params.requestId, req.body, req),
    }),
  );
  router.post(
    '/meshes/:namespace/:name/promotion-requests/:requestId/reject',
    meshAnswerRoute(deps, {
      answer: (mesh, req) =>
        decisions.reject(mesh, req.params.requestId, req.body, req),
    }),
  );
}
