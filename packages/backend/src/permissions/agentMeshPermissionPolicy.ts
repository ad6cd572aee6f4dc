import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  agentMeshApprovePermission,
  agentMeshDemotePermission,
  agentMeshPromotePermission,
} from '@agent-mesh/plugin-agent-mesh-common';

/**
 * Permissions that change a mesh or the catalog: only the owners of the entity may use them.
 * Ownership comes from the user's ownership refs (the user and the groups it belongs to).
 */
const OWNER_ONLY = [
  agentMeshPromotePermission,
  agentMeshDemotePermission,
  agentMeshApprovePermission,
  catalogEntityDeletePermission,
];

/**
 * The default policy of this Backstage: reading is open to every signed-in user and service, and changing a
 * mesh's lanes, deciding approvals or deleting an entity is for the entity's owners. Adopters replace this
 * module with their own policy; later rules (for example approvals by a second person) extend it here.
 */
export class AgentMeshPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownerOnly = OWNER_ONLY.find(permission =>
      isPermission(request.permission, permission),
    );
    if (ownerOnly) {
      return createCatalogConditionalDecision(
        ownerOnly,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
