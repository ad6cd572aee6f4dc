import express from 'express';
import {
  CacheService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { HealthResponse } from '@agent-mesh/plugin-agent-mesh-common';
import { createOpenApiRouter } from '../schema/openapi';
import { MeshCatalog } from '../catalog/meshCatalog';
import { AgentMeshConfig } from '../config/agentMeshConfig';
import { SnapshotStore } from '../database/SnapshotStore';
import { RunHistoryReader } from '../snapshot/runHistoryReader';
import { registerCostRoutes } from './routes/costRoutes';
import { registerMeshesRoutes } from './routes/meshesRoutes';
import { registerPromotionRoutes } from './routes/promotionRoutes';
import { PromotionServices } from '../promotion/createPromotion';
import { registerRunsRoutes } from './routes/runsRoutes';
import { registerSnapshotRoutes } from './routes/snapshotRoutes';
import { registerWaitingRunsRoutes } from './routes/waitingRunsRoutes';
import { ApprovalServices } from '../approvals/createApprovals';
import { MeshAccessCache } from './meshAccessCache';
import { MeshOwnership } from '../catalog/meshOwnership';
import { CheckedMesh } from './meshAccess';

export interface RouterOptions {
  cache: CacheService;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  meshCatalog: MeshCatalog;
  accessCache?: MeshAccessCache<CheckedMesh>;
  ownership: MeshOwnership;
  store: SnapshotStore;
  history: RunHistoryReader;
  config: AgentMeshConfig;
  promotion: PromotionServices;
  approvals: ApprovalServices;
}

const HEALTH_KEY = 'health-check';

/**
 * The plugin's routes, on the router generated from `src/schema/openapi.yaml`: every request is
 * validated against the spec first (a bad parameter is a 400 naming it).
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { cache } = options;
  const router = await createOpenApiRouter();

  // A readiness check: the plugin's shared state must answer.
  router.get('/health', async (_req, res) => {
    const checkedAt = new Date().toISOString();
    try {
      await cache.set(HEALTH_KEY, checkedAt, { ttl: { minutes: 1 } });
      const body: HealthResponse = { status: 'ok', cache: 'ok' };
      res.json(body);
    } catch (error) {
      // Anyone may call this route, so the reason (hosts, ports, driver messages) goes to the log only.
      options.logger.warn(
        'Health check: the cache did not answer',
        error as Error,
      );
      const body: HealthResponse = {
        status: 'unavailable',
        cache: 'unreachable',
      };
      res.status(503).json(body);
    }
  });

  registerMeshesRoutes(router, {
    ...options,
    requests: options.promotion.stores.requests,
    waitingRuns: options.approvals.waitingRuns,
  });
  registerSnapshotRoutes(router, options);
  registerRunsRoutes(router, options);
  registerCostRoutes(router, options);
  registerPromotionRoutes(router, options);
  registerWaitingRunsRoutes(router, { ...options, ...options.approvals });
  return router;
}
