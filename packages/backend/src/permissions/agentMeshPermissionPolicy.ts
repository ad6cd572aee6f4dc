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
  agentMeshRequestPromotionPermission,
} from '@agent-mesh/plugin-agent-mesh-common';

/**
 * Permissions that change a mesh or the catalog: only the owners of the entity may use them.
 * Ownership comes from the user's ownership refs (the user and the groups it belongs to).
 */
const OWNER_ONLY = [
  agentMeshPromotePermission,
  agentMeshRequestPromotionPermission,
  agentMeshDemotePermission,
  catalogEntityDeletePermission,
];

/**
 * The default policy of this Backstage: reading is open to every signed-in user and service; changing a mesh's
 * lanes or deleting an entity is for the entity's owners; deciding approvals (promotion requests and runs
 * waiting at the approval gate) is for members of the approver groups (`agentMesh.approvals.approverGroups`),
 * a second person by design. The backend adds the rule no policy can lift: nobody approves their own request.
 * Requesting a promotion (a request a person decides, never a change) is for owners and for services: an
 * agent's token may ask only for that agent, which the action checks. Services get no other changing
 * permission. Adopters replace this module with their own policy.
 */
export class AgentMeshPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: { approverGroups: string[] } = {
      approverGroups: [],
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isPermission(request.permission, agentMeshRequestPromotionPermission) &&
      !user
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(request.permission, agentMeshApprovePermission)) {
      const refs = user?.info.ownershipEntityRefs ?? [];
      const approver = this.options.approverGroups.some(group =>
        refs.includes(group),
      );
      return {
        result: approver ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
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
