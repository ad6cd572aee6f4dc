import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { SnapshotStore } from '../database/SnapshotStore';
import { PromotionServices } from '../promotion/createPromotion';
import { MeshAccessDeps } from '../service/meshAccess';
import { registerGetMeshStatusAction } from './getMeshStatusAction';
import { registerRequestPromotionAction } from './requestPromotionAction';

/**
 * The actions agents reach through Backstage's actions registry (and so the MCP actions backend, with
 * `backend.actions.pluginSources: [agent-mesh]`): read a mesh's status and lanes, request a promotion.
 */
export function registerAgentMeshActions(
  deps: Omit<MeshAccessDeps, 'httpAuth'> & {
    actionsRegistry: ActionsRegistryService;
    store: SnapshotStore;
    promotion: PromotionServices;
  },
) {
  registerGetMeshStatusAction(deps.actionsRegistry, deps);
  registerRequestPromotionAction(deps.actionsRegistry, deps);
}
