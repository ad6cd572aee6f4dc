import {
  agentMeshApprovePermission,
  agentMeshDemotePermission,
  agentMeshPromotePermission,
} from '@agent-mesh/plugin-agent-mesh-common';
import { usePermission } from '@backstage/plugin-permission-react';

/** Whether a control may be used, and if not, why: shown next to the disabled control. */
export interface Permitted {
  allowed: boolean;
  /** Why the control is disabled; undefined when it is allowed. */
  reason?: string;
}

function permitted(
  result: ReturnType<typeof usePermission>,
  denied: string,
): Permitted {
  if (result.loading) {
    return { allowed: false, reason: 'Checking your permissions…' };
  }
  if (result.error) {
    return {
      allowed: false,
      reason: `Your permissions could not be checked: ${result.error.message}`,
    };
  }
  return result.allowed
    ? { allowed: true }
    : { allowed: false, reason: denied };
}

/**
 * The signed-in user's lane permissions on the mesh entity, as the backend will decide them (resource type
 * `catalog-entity`, so ownership rules apply). The UI only disables what the server would refuse.
 */
export function useLanePermissions(entityRef: string): {
  promote: Permitted;
  demote: Permitted;
  approve: Permitted;
} {
  const promote = usePermission({
    permission: agentMeshPromotePermission,
    resourceRef: entityRef,
  });
  const demote = usePermission({
    permission: agentMeshDemotePermission,
    resourceRef: entityRef,
  });
  const approve = usePermission({
    permission: agentMeshApprovePermission,
    resourceRef: entityRef,
  });
  return {
    promote: permitted(
      promote,
      `You may not promote agents of this mesh (permission ${agentMeshPromotePermission.name}).`,
    ),
    demote: permitted(
      demote,
      `You may not demote agents of this mesh (permission ${agentMeshDemotePermission.name}).`,
    ),
    approve: permitted(
      approve,
      `You may not approve or reject for this mesh (permission ${agentMeshApprovePermission.name}).`,
    ),
  };
}
