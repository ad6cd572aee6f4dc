import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  agentMeshReadPermission,
  MeshListItem,
} from '@agent-mesh/plugin-agent-mesh-common';
import { MeshCatalog } from '../../catalog/meshCatalog';
import { SnapshotStore } from '../../database/SnapshotStore';
import { PromotionRequestStore } from '../../database/PromotionRequestStore';
import {
  meshKeyString,
  WaitingRunStore,
} from '../../approvals/WaitingRunStore';
import { meshHealth } from '../../snapshot/meshHealth';
import { laneCounts } from '../../snapshot/laneCounts';
import { AgentMeshApiRouter } from './types';

/**
 * `GET /meshes`: the catalog's meshes the caller may read, each with its health, lanes and cost from the stored
 * snapshot and its pending approvals: four database reads in all, whatever the number of meshes.
 */
export function registerMeshesRoutes(
  router: AgentMeshApiRouter,
  deps: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    meshCatalog: MeshCatalog;
    store: SnapshotStore;
    requests: PromotionRequestStore;
    waitingRuns: WaitingRunStore;
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
    const now = Date.now();
    const refs = readable.map(m => m.entityRef);
    const [snapshots, requests, waiting] = await Promise.all([
      deps.store.getSnapshots(refs),
      deps.requests.countPending(refs, now),
      deps.waitingRuns.countWaiting(
        readable.map(m => ({
          accountId: m.awsAccount ?? '',
          meshId: m.meshId,
        })),
        now,
      ),
    ]);
    const items: MeshListItem[] = readable.map(mesh => {
      const stored = snapshots.get(mesh.entityRef);
      const item: MeshListItem = {
        ...mesh,
        health: meshHealth(stored, now),
        pendingApprovals: {
          promotionRequests: requests.get(mesh.entityRef) ?? 0,
          waitingRuns:
            waiting.get(
              meshKeyString({
                accountId: mesh.awsAccount ?? '',
                meshId: mesh.meshId,
              }),
            ) ?? 0,
        },
      };
      if (stored) {
        item.lanes = laneCounts(stored.snapshot);
        if (stored.snapshot.cost.summary)
          item.cost = stored.snapshot.cost.summary;
      }
      return item;
    });
    res.json({ items });
  });
}
