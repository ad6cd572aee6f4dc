import { MeshSnapshot } from '@agent-mesh/plugin-agent-mesh-common';
import { SnapshotStore } from '../../database/SnapshotStore';
import { emptyRunCounts } from '@agent-mesh/plugin-agent-mesh-common';
import { METRICS_PERIOD_SECONDS } from '../../snapshot/snapshotAssembly';
import { MeshAccessDeps, resolveMesh } from '../meshAccess';
import { ageSeconds } from '../../snapshot/meshHealth';
import { AgentMeshApiRouter } from './types';

/** `GET /meshes/{namespace}/{name}/snapshot`: one database read, never an AWS call. */
export function registerSnapshotRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & { store: SnapshotStore },
) {
  router.get('/meshes/:namespace/:name/snapshot', async (req, res) => {
    const mesh = await resolveMesh(req, req.params, deps);
    const stored = await deps.store.getSnapshot(mesh.entityRef);
    const now = Date.now();
    let body: MeshSnapshot;
    if (stored) {
      body = {
        ...stored.snapshot,
        ageSeconds: ageSeconds(stored.refreshedAt, now),
      };
    } else {
      // Before the first refresh of this mesh: every panel pending, nothing made up.
      const nowIso = new Date(now).toISOString();
      body = {
        entityRef: mesh.entityRef,
        meshId: mesh.target.meshId,
        window: { from: nowIso, to: nowIso },
        agents: [],
        runs: { status: 'pending', totals: emptyRunCounts(), unattributed: 0 },
        lanes: { status: 'pending' },
        alarms: { status: 'pending', items: [] },
        metrics: {
          status: 'pending',
          periodSeconds: METRICS_PERIOD_SECONDS,
          series: [],
        },
        cost: { status: 'pending' },
      };
      if (mesh.tier) body.tier = mesh.tier;
    }
    res.json(body);
  });
}
