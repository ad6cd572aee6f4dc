import express from 'express';
import Router from 'express-promise-router';
import {
  CacheService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  agentMeshReadPermission,
  HealthResponse,
  ListMeshesResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import { MeshCatalog } from '../catalog/meshCatalog';

export interface RouterOptions {
  cache: CacheService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  meshCatalog: MeshCatalog;
}

const HEALTH_KEY = 'health-check';

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { cache, httpAuth, permissions, meshCatalog } = options;
  const router = Router();
  router.use(express.json());

  // A readiness check: snapshots are shared between replicas through the cache, so it must answer.
  router.get('/health', async (_req, res) => {
    const checkedAt = new Date().toISOString();
    try {
      await cache.set(HEALTH_KEY, checkedAt, { ttl: { minutes: 1 } });
      const body: HealthResponse = { status: 'ok', cache: 'ok' };
      res.json(body);
    } catch (error) {
      const body: HealthResponse = {
        status: 'unavailable',
        cache: `unreachable: ${(error as Error).message}`,
      };
      res.status(503).json(body);
    }
  });

  router.get('/meshes', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const meshes = await meshCatalog.listMeshes(credentials);
    // One batched decision per mesh entity, so ownership-style conditional rules can hide some meshes.
    const decisions = meshes.length
      ? await permissions.authorize(
          meshes.map(mesh => ({
            permission: agentMeshReadPermission,
            resourceRef: mesh.entityRef,
          })),
          { credentials },
        )
      : [];
    const body: ListMeshesResponse = {
      items: meshes.filter(
        (_mesh, index) => decisions[index].result === AuthorizeResult.ALLOW,
      ),
    };
    res.json(body);
  });

  return router;
}
