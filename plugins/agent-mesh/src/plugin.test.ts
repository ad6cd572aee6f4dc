import { getComponentData } from '@backstage/core-plugin-api';
import { createElement } from 'react';
import { agentMeshApiRef } from './api';
import {
  AgentMeshPage,
  agentMeshPlugin,
  EntityAgentMeshContent,
  EntityAgentMeshCostContent,
  EntityAgentMeshRunsContent,
} from './plugin';
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
    ]) {
      expect(
        getComponentData(createElement(content), 'core.mountPoint'),
      ).toBeUndefined();
    }
  });
});
