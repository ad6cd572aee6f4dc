import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { agentMeshActions } from './actions';
import { readAgentMeshScaffolderConfig } from './config/agentMeshScaffolderConfig';

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
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          ...agentMeshActions(readAgentMeshScaffolderConfig(config)),
        );
      },
    });
  },
});
