import { annotatedBudget, meshBudget } from '../../config/meshBudget';
import {
  CostSeriesResponse,
  PanelState,
} from '@agent-mesh/plugin-agent-mesh-common';
import { AgentMeshConfig } from '../../config/agentMeshConfig';
import { SnapshotStore, StoredCost } from '../../database/SnapshotStore';
import { costSeries, costSummary } from '../../snapshot/costSeries';
import { MeshAccessDeps, resolveMesh } from '../meshAccess';
import { AgentMeshApiRouter } from './types';

function panelStatus(stored: StoredCost | undefined): PanelState['status'] {
  if (stored?.error) return 'error';
  return stored?.bundle ? 'ok' : 'pending';
}

/** `GET .../cost`: series computed from the stored Cost Explorer answer; never calls Cost Explorer. */
export function registerCostRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & { store: SnapshotStore; config: AgentMeshConfig },
) {
  router.get('/meshes/:namespace/:name/cost', async (req, res) => {
    const mesh = await resolveMesh(req, req.params, deps);
    const granularity = req.query.granularity ?? 'DAILY';
    const groupBy = req.query.groupBy ?? 'SERVICE';
    const stored = await deps.store.getCost(mesh.entityRef);
    // The mesh's own budget (written by the template), else its tier's.
    const budget = meshBudget(
      {
        monthlyBudgetUsd: annotatedBudget(mesh.entity.metadata.annotations),
        tier: mesh.tier,
      },
      deps.config,
    );
    const body: CostSeriesResponse = {
      status: panelStatus(stored),
      entityRef: mesh.entityRef,
      currency: stored?.bundle?.currency ?? 'USD',
      granularity,
      groupBy,
      points: [],
      monthToDate: 0,
    };
    if (stored?.error) body.error = stored.error;
    if (budget !== undefined) body.budget = budget;
    if (stored?.bundle) {
      const bundle = stored.bundle;
      body.fetchedAt = new Date(
        stored.bundleFetchedAt ?? stored.fetchedAt,
      ).toISOString();
      body.points = costSeries(bundle, granularity, groupBy);
      body.monthToDate = costSummary(bundle, new Date(), budget).monthToDate;
      if (bundle.forecast) body.forecast = bundle.forecast;
    }
    res.json(body);
  });
}
