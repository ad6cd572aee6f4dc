import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { createPublishLocalAction } from './actions/publishLocal';
import { readLocalPublishConfig } from './config/localPublishConfig';

/**
 * The template global the Agent Mesh templates read to choose their publisher: `true` where this module is
 * installed and `agentMeshScaffolder.localPublish.enabled` is set. Where this module is not installed it is
 * undefined, so the same templates publish to GitHub.
 */
export const LOCAL_PUBLISH_GLOBAL = 'agentMeshLocalPublish';

/**
 * Registers `agent-mesh:publish:local` and the `agentMeshLocalPublish` template global with the scaffolder.
 *
 * @public
 */
export const agentMeshLocalScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'agent-mesh-local',
  register(reg) {
    reg.registerInit({
      deps: {
        actions: scaffolderActionsExtensionPoint,
        templating: scaffolderTemplatingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ actions, templating, config }) {
        const localPublish = readLocalPublishConfig(config);
        actions.addActions(createPublishLocalAction(localPublish));
        templating.addTemplateGlobals({
          [LOCAL_PUBLISH_GLOBAL]: localPublish.enabled,
        });
      },
    });
  },
});
