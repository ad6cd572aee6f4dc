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
 * The content of a mesh entity's Agent Mesh tab: the mesh's health (where it lives, snapshot age, agents
 * with lanes and run counts, alarms, cost against the budget).
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

/**
 * The content of a mesh entity's runs tab: stored runs with filters, paging and each run's history.
 *
 * @public
 */
export const EntityAgentMeshRunsContent = agentMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentMeshRunsContent',
    component: {
      lazy: () =>
        import('./components/EntityAgentMeshRunsContent').then(
          m => m.EntityAgentMeshRunsContent,
        ),
    },
  }),
);

/**
 * The content of a mesh entity's cost tab: month to date, budget, forecast and the cost series.
 *
 * @public
 */
export const EntityAgentMeshCostContent = agentMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentMeshCostContent',
    component: {
      lazy: () =>
        import('./components/EntityAgentMeshCostContent').then(
          m => m.EntityAgentMeshCostContent,
        ),
    },
  }),
);
