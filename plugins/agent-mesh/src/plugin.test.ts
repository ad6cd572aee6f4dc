import { getComponentData } from '@backstage/core-plugin-api';
import { createElement } from 'react';
import { agentMeshApiRef } from './api';
import * as plugin from './plugin';
import * as legacyEntry from './index';
import { rootRouteRef } from './routes';

const { AgentMeshPage, agentMeshPlugin } = plugin;

/** Every entity content and card the legacy plugin provides, by its export name. */
const entityExtensions = Object.entries(plugin).filter(([name]) =>
  name.startsWith('Entity'),
);

describe('agentMeshPlugin (legacy frontend system)', () => {
  it('has the id agent-mesh and exposes the root route ref', () => {
    expect(agentMeshPlugin.getId()).toBe('agent-mesh');
    expect(agentMeshPlugin.routes.root).toBe(rootRouteRef);
  });

  it('provides the Agent Mesh API', () => {
    const apiIds = [...agentMeshPlugin.getApis()].map(
      factory => factory.api.id,
    );
    expect(apiIds).toEqual([agentMeshApiRef.id]);
  });

  it('mounts AgentMeshPage on the root route, and no entity extension on a route', () => {
    expect(
      getComponentData(createElement(AgentMeshPage), 'core.mountPoint'),
    ).toBe(rootRouteRef);
    expect(entityExtensions.map(([name]) => name).sort()).toEqual([
      'EntityAgentMeshAgentContent',
      'EntityAgentMeshAlarmsContent',
      'EntityAgentMeshContent',
      'EntityAgentMeshCostContent',
      'EntityAgentMeshLanesContent',
      'EntityAgentMeshRunsContent',
      'EntityAgentOverviewCard',
    ]);
    for (const [, content] of entityExtensions) {
      expect(
        getComponentData(
          createElement(content as () => JSX.Element),
          'core.mountPoint',
        ),
      ).toBeUndefined();
    }
  });

  it('exports every extension, the API and both availability checks from the package entry', () => {
    for (const [name, content] of entityExtensions) {
      expect(legacyEntry[name as keyof typeof legacyEntry]).toBe(content);
    }
    expect(legacyEntry.AgentMeshPage).toBe(AgentMeshPage);
    expect(legacyEntry.agentMeshApiRef).toBe(agentMeshApiRef);
    const agent = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'billing-staging-conductor' },
      spec: { type: 'agent', system: 'billing-staging' },
    };
    expect(legacyEntry.isAgentMeshAgent(agent)).toBe(true);
    expect(legacyEntry.isAgentMeshAvailable(agent)).toBe(false);
  });
});
