import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isAgentMeshAvailable } from '@agent-mesh/plugin-agent-mesh-common';
import HubIcon from '@material-ui/icons/DeviceHub';
import { agentMeshApiRef, AgentMeshClient } from './api';
import { isAgentMeshAgent } from './components/shared';
import { rootRouteRef } from './routes';

const agentMeshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: agentMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AgentMeshClient(deps),
    }),
});

const agentMeshPage = PageBlueprint.make({
  params: {
    path: '/agent-mesh',
    routeRef: rootRouteRef,
    title: 'Agent Mesh',
    icon: <HubIcon fontSize="inherit" />,
    noHeader: true,
    loader: () =>
      import('./components/MeshListPage').then(m => <m.MeshListPage />),
  },
});

const agentMeshEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/agent-mesh',
    title: 'Agent Mesh',
    filter: isAgentMeshAvailable,
    loader: () =>
      import('./components/overview').then(m => <m.EntityAgentMeshContent />),
  },
});

const agentMeshRunsEntityContent = EntityContentBlueprint.make({
  name: 'runs',
  params: {
    path: '/agent-mesh-runs',
    title: 'Mesh Runs',
    filter: isAgentMeshAvailable,
    loader: () =>
      import('./components/runs').then(m => <m.EntityAgentMeshRunsContent />),
  },
});

const agentMeshCostEntityContent = EntityContentBlueprint.make({
  name: 'cost',
  params: {
    path: '/agent-mesh-cost',
    title: 'Mesh Cost',
    filter: isAgentMeshAvailable,
    loader: () =>
      import('./components/cost').then(m => <m.EntityAgentMeshCostContent />),
  },
});

const agentMeshLanesEntityContent = EntityContentBlueprint.make({
  name: 'lanes',
  params: {
    path: '/lanes',
    title: 'Lanes',
    filter: isAgentMeshAvailable,
    loader: () =>
      import('./components/lanes').then(m => <m.EntityAgentMeshLanesContent />),
  },
});

const agentMeshAlarmsEntityContent = EntityContentBlueprint.make({
  name: 'alarms',
  params: {
    path: '/agent-mesh-alarms',
    title: 'Mesh Alarms',
    filter: isAgentMeshAvailable,
    loader: () =>
      import('./components/alarms').then(m => (
        <m.EntityAgentMeshAlarmsContent />
      )),
  },
});

const agentEntityCard = EntityCardBlueprint.make({
  name: 'agent',
  params: {
    type: 'info',
    filter: isAgentMeshAgent,
    loader: () =>
      import('./components/agent').then(m => <m.EntityAgentOverviewCard />),
  },
});

const agentEntityContent = EntityContentBlueprint.make({
  name: 'agent',
  params: {
    path: '/agent-mesh',
    title: 'Agent Mesh',
    filter: isAgentMeshAgent,
    loader: () =>
      import('./components/agent').then(m => <m.EntityAgentMeshAgentContent />),
  },
});

/**
 * The Agent Mesh plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'agent-mesh',
  title: 'Agent Mesh',
  icon: <HubIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    agentMeshApi,
    agentMeshPage,
    agentMeshEntityContent,
    agentMeshRunsEntityContent,
    agentMeshCostEntityContent,
    agentMeshLanesEntityContent,
    agentMeshAlarmsEntityContent,
    agentEntityCard,
    agentEntityContent,
  ],
});
