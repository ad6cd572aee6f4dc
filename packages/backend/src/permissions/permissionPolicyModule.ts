import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AgentMeshPermissionPolicy } from './agentMeshPermissionPolicy';

/** Installs {@link AgentMeshPermissionPolicy} as the permission backend's policy. */
export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'agent-mesh-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new AgentMeshPermissionPolicy({
            approverGroups:
              config.getOptionalStringArray(
                'agentMesh.approvals.approverGroups',
              ) ?? [],
          }),
        );
      },
    });
  },
});
