import { HistoryStore } from '../../database/HistoryStore';
import { MeshAccessDeps, resolveMesh } from '../meshAccess';
import { AgentMeshApiRouter } from './types';

const DEFAULT_LIMIT = 20;

/** `GET .../history`: the mesh's changes, newest first, keyset-paged. */
export function registerHistoryRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & { promotion: { stores: { history: HistoryStore } } },
) {
  router.get('/meshes/:namespace/:name/history', async (req, res) => {
    const mesh = await resolveMesh(req, req.params, deps);
    const { agent, cursor } = req.query;
    const limit =
      req.query.limit === undefined ? DEFAULT_LIMIT : Number(req.query.limit);
    res.json(
      await deps.promotion.stores.history.list(mesh.entityRef, {
        agent,
        limit,
        cursor,
      }),
    );
  });
}
