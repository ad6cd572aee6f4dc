import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { agentMeshApiRef, AgentMeshClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The Agent Mesh plugin for apps on the legacy frontend system. New-system apps use the `./alpha` entry.
 *
 * @public
 */
export const agentMeshPlugin = createPlugin({
  id: 'agent-mesh',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: agentMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AgentMeshClient(deps),
    }),
  ],
});

/**
 * The page listing every mesh; mount it at a route such as `/agent-mesh`.
 *
 * @public
 */
export const AgentMeshPage = agentMeshPlugin.provide(
  createRoutableExtension({
    name: 'AgentMeshPage',
    component: () =>
      import('./components/MeshListPage').then(m => m.MeshListPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The content of a mesh entity's Agent Mesh tab.
 *
 * @public
 */
export const EntityAgentMeshContent = agentMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentMeshContent',
    component: {
      lazy: () =>
        import('./components/EntityAgentMeshContent').then(
          m => m.EntityAgentMeshContent,
        ),
    },
  }),
);
