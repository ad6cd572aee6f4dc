import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import { AgentMeshApi } from '../../api';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import {
  meshEntity,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityAgentMeshCostContent } from './EntityAgentMeshCostContent';

function renderFor(e: Entity, api: AgentMeshApi) {
  return renderWithEntity(<EntityAgentMeshCostContent />, e, api);
}

describe('EntityAgentMeshCostContent', () => {
  it("shows the entity's cost", async () => {
    const api = mockAgentMeshApi({
      getCost: async () => ({
        status: 'ok',
        fetchedAt: '2026-11-25T06:00:00.000Z',
        entityRef: 'system:default/billing-staging',
        currency: 'USD',
        granularity: 'DAILY',
        groupBy: 'SERVICE',
        points: [],
        monthToDate: 7.5,
      }),
    });

    await renderFor(
      meshEntity({ [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-staging' }),
      api,
    );

    expect(
      await screen.findByRole('row', { name: /^Month to date \$7\.50$/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Budget not set$/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('No cost recorded yet.')).toBeInTheDocument();
    expect(api.getCost).toHaveBeenCalledWith(
      { namespace: 'default', name: 'billing-staging' },
      { granularity: 'DAILY', groupBy: 'SERVICE' },
    );
  });

  it('shows the missing-annotation empty state without the mesh id', async () => {
    const api = mockAgentMeshApi();

    await renderFor(meshEntity({}), api);

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.getCost).not.toHaveBeenCalled();
  });
});
