import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { agentMeshActions } from './actions';

/**
 * Registers the Agent Mesh template actions with the scaffolder.
 *
 * @public
 */
export const agentMeshScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'agent-mesh',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(...agentMeshActions());
      },
    });
  },
});
