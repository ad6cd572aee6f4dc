import { getComponentData } from '@backstage/core-plugin-api';
import { createElement } from 'react';
import { agentMeshApiRef } from './api';
import {
  AgentMeshPage,
  agentMeshPlugin,
  EntityAgentMeshContent,
  EntityAgentMeshCostContent,
  EntityAgentMeshLanesContent,
  EntityAgentMeshRunsContent,
  EntityAgentMeshAlarmsContent,
  EntityAgentOverviewCard,
  EntityAgentMeshAgentContent,
} from './plugin';
import * as legacyEntry from './index';
import { rootRouteRef } from './routes';

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

  it('mounts AgentMeshPage on the root route', () => {
    expect(
      getComponentData(createElement(AgentMeshPage), 'core.mountPoint'),
    ).toBe(rootRouteRef);
    for (const content of [
      EntityAgentMeshContent,
      EntityAgentMeshRunsContent,
      EntityAgentMeshCostContent,
      EntityAgentMeshLanesContent,
      EntityAgentMeshAlarmsContent,
      EntityAgentOverviewCard,
      EntityAgentMeshAgentContent,
    ]) {
      expect(
        getComponentData(createElement(content), 'core.mountPoint'),
      ).toBeUndefined();
    }
  });

  it('exports the agent page pieces and both availability checks from the package entry', () => {
    expect(legacyEntry.EntityAgentOverviewCard).toBe(EntityAgentOverviewCard);
    expect(legacyEntry.EntityAgentMeshAgentContent).toBe(
      EntityAgentMeshAgentContent,
    );
    expect(legacyEntry.EntityAgentMeshAlarmsContent).toBe(
      EntityAgentMeshAlarmsContent,
    );
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
