import express from 'express';
import Router from 'express-promise-router';
import {
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
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  meshCatalog: MeshCatalog;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, meshCatalog } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
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
