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
        import('./components/overview').then(m => m.EntityAgentMeshContent),
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
        import('./components/runs').then(m => m.EntityAgentMeshRunsContent),
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
        import('./components/cost').then(m => m.EntityAgentMeshCostContent),
    },
  }),
);

/**
 * The content of a mesh entity's lanes tab: each agent's lane with promote and demote controls behind the
 * gate checklist, promotion requests and runs waiting for approval, and the lane history.
 *
 * @public
 */
export const EntityAgentMeshLanesContent = agentMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentMeshLanesContent',
    component: {
      lazy: () =>
        import('./components/lanes').then(m => m.EntityAgentMeshLanesContent),
    },
  }),
);

/**
 * The content of a mesh entity's alarms tab: its CloudWatch alarms with state, reason, since when and a
 * console link, and the metrics the refresh reads, as charts.
 *
 * @public
 */
export const EntityAgentMeshAlarmsContent = agentMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentMeshAlarmsContent',
    component: {
      lazy: () =>
        import('./components/alarms').then(m => m.EntityAgentMeshAlarmsContent),
    },
  }),
);

/**
 * The Agent Mesh card of an agent's Component page: lane, health, failure rate, last runs and cost this
 * month. Show it where `isAgentMeshAgent` holds.
 *
 * @public
 */
export const EntityAgentOverviewCard = agentMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentOverviewCard',
    component: {
      lazy: () =>
        import('./components/agent').then(m => m.EntityAgentOverviewCard),
    },
  }),
);

/**
 * The Agent Mesh tab of an agent's Component page: its lane controls with gates, runs, alarms, cost and
 * lane history. Show it where `isAgentMeshAgent` holds.
 *
 * @public
 */
export const EntityAgentMeshAgentContent = agentMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentMeshAgentContent',
    component: {
      lazy: () =>
        import('./components/agent').then(m => m.EntityAgentMeshAgentContent),
    },
  }),
);
