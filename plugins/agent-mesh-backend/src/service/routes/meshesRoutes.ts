import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  agentMeshReadPermission,
  MeshHealth,
  MeshSummary,
} from '@agent-mesh/plugin-agent-mesh-common';
import { MeshCatalog } from '../../catalog/meshCatalog';
import { SnapshotStore } from '../../database/SnapshotStore';
import { meshHealth } from './meshHealth';
import { AgentMeshApiRouter } from './types';

/** `GET /meshes`: the catalog's meshes the caller may read, each with its health from the stored snapshot. */
export function registerMeshesRoutes(
  router: AgentMeshApiRouter,
  deps: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    meshCatalog: MeshCatalog;
    store: SnapshotStore;
  },
) {
  router.get('/meshes', async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const meshes = await deps.meshCatalog.listMeshes(credentials);
    // One batched decision per mesh entity, so ownership-style conditional rules can hide some meshes.
    const decisions = meshes.length
      ? await deps.permissions.authorize(
          meshes.map(mesh => ({
            permission: agentMeshReadPermission,
            resourceRef: mesh.entityRef,
          })),
          { credentials },
        )
      : [];
    const readable = meshes.filter(
      (_mesh, index) => decisions[index].result === AuthorizeResult.ALLOW,
    );
    const snapshots = await deps.store.getSnapshots(
      readable.map(m => m.entityRef),
    );
    const now = Date.now();
    const items: Array<MeshSummary & { health: MeshHealth }> = readable.map(
      mesh => ({
        ...mesh,
        health: meshHealth(snapshots.get(mesh.entityRef), now),
      }),
    );
    res.json({ items });
  });
}
