import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { agentMeshPermissions } from '@agent-mesh/plugin-agent-mesh-common';
import { readAgentMeshConfig } from './config/agentMeshConfig';
import { DefaultMeshCatalog } from './catalog/meshCatalog';
import { createRouter } from './service/router';

/**
 * The Agent Mesh backend plugin: serves `/api/agent-mesh`.
 *
 * @public
 */
export const agentMeshPlugin = createBackendPlugin({
  pluginId: 'agent-mesh',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        cache: coreServices.cache,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        cache,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const agentMeshConfig = readAgentMeshConfig(config);
        const overridden = Object.keys(agentMeshConfig.endpoints);
        logger.info(
          overridden.length
            ? `AWS endpoints overridden for ${overridden.join(', ')}`
            : 'AWS reached at its regional endpoints',
        );

        permissionsRegistry.addPermissions(agentMeshPermissions);
        httpRouter.use(
          await createRouter({
            cache,
            httpAuth,
            permissions,
            meshCatalog: new DefaultMeshCatalog(catalog),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
