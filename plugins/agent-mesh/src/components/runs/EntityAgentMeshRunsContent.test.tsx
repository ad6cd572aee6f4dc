import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import { AgentMeshApi } from '../../api';
import { snapshotFixture } from '../../__testUtils__/fixtures';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import {
  meshEntity,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityAgentMeshRunsContent } from './EntityAgentMeshRunsContent';

function entity(annotations: Record<string, string>): Entity {
  return meshEntity(annotations, { namespace: 'finance' });
}

function renderFor(e: Entity, api: AgentMeshApi) {
  return renderWithEntity(<EntityAgentMeshRunsContent />, e, api);
}

describe('EntityAgentMeshRunsContent', () => {
  it("lists the entity's runs and offers the snapshot's agents as a filter", async () => {
    const api = mockAgentMeshApi({
      getMeshSnapshot: async () => snapshotFixture(),
      listRuns: async () => ({ items: [] }),
    });

    await renderFor(
      entity({ [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-staging' }),
      api,
    );

    expect(
      await screen.findByText('No runs match these filters.'),
    ).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith(
      { namespace: 'finance', name: 'billing-staging' },
      { limit: 20 },
    );
    await waitFor(() =>
      expect(
        within(screen.getByLabelText('Agent'))
          .getAllByRole('option')
          .map(o => o.textContent),
      ).toEqual(['All', 'conductor', 'critic', 'sweeper']),
    );
  });

  it('shows the missing-annotation empty state without the mesh id', async () => {
    const api = mockAgentMeshApi();

    await renderFor(entity({}), api);

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.listRuns).not.toHaveBeenCalled();
  });

  it('links runs to the console of the region the mesh entity names', async () => {
    const api = mockAgentMeshApi({
      getMeshSnapshot: async () => snapshotFixture(),
      listRuns: async () => ({
        items: [
          {
            name: 'run-7',
            executionArn:
              'arn:aws:states:ap-south-1:222222222222:execution:x:run-7',
            status: 'SUCCEEDED',
            startDate: '2026-11-25T11:00:00.000Z',
          },
        ],
      }),
    });
    await renderFor(
      entity({
        [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-staging',
        [AGENT_MESH_ANNOTATIONS.region]: 'ap-south-1',
      }),
      api,
    );
    const links = await screen.findAllByRole('link', {
      name: 'Open run-7 in the AWS console (opens in a new tab)',
    });
    expect(links[0]).toHaveAttribute(
      'href',
      expect.stringContaining(
        'https://ap-south-1.console.aws.amazon.com/states/home?region=ap-south-1#/v2/executions/details/arn:aws:states:ap-south-1',
      ),
    );
  });
});
