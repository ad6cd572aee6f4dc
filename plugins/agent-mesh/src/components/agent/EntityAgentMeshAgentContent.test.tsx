import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import { AgentMeshApi } from '../../api';
import {
  agentCostFixture,
  agentLaneFixture,
  FIXTURE_ALARMS,
  gateReportFixture,
  historyEntryFixture,
  laneApis,
  lanesFixture,
  mockAgentMeshApi,
  permissionApiAllowing,
  promotionRequestFixture,
  renderWithEntity,
  snapshotFixture,
  uniqueMeshEntity,
  waitingRunFixture,
} from '../../__testUtils__';
import { EntityAgentMeshAgentContent } from './EntityAgentMeshAgentContent';

/** A mesh of its own per test, with its critic agent. */
function fixturesFor() {
  const mesh = uniqueMeshEntity({
    [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-staging',
    [AGENT_MESH_ANNOTATIONS.region]: 'eu-central-1',
  });
  const meshName = mesh.metadata.name;
  const agent: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `${meshName}-critic`,
      annotations: { [AGENT_MESH_ANNOTATIONS.agentName]: 'critic' },
    },
    spec: { type: 'agent', system: meshName, owner: 'platform-team' },
  };
  return { mesh, agent, ref: { namespace: 'default', name: meshName } };
}

function fullApi(): jest.Mocked<AgentMeshApi> {
  return mockAgentMeshApi({
    getMeshSnapshot: async () => snapshotFixture(),
    listLanes: async () =>
      lanesFixture({
        items: [
          agentLaneFixture(),
          agentLaneFixture({
            agent: 'critic',
            lane: 'dry_run',
            version: 4,
            promotableTo: 'execute',
            demotableTo: ['read_only'],
          }),
        ],
      }),
    getPromotionGates: async () =>
      gateReportFixture({ agent: 'critic', from: 'dry_run', to: 'execute' }),
    listRuns: async () => ({
      items: [
        {
          name: 'run-critic-1',
          executionArn:
            'arn:aws:states:eu-central-1:2:execution:x:run-critic-1',
          agent: 'critic',
          lane: 'dry_run',
          status: 'SUCCEEDED',
          startDate: '2026-11-25T11:00:00.000Z',
          stopDate: '2026-11-25T11:01:00.000Z',
        },
      ],
    }),
    getCost: async () => agentCostFixture(),
    listHistory: async () => ({
      items: [historyEntryFixture({ agent: 'critic' })],
    }),
    listPromotionRequests: async () => ({
      items: [
        promotionRequestFixture(),
        promotionRequestFixture({ id: 'req-conductor', agent: 'conductor' }),
      ],
    }),
    listWaitingRuns: async () => ({
      items: [
        waitingRunFixture({ agent: 'critic' }),
        waitingRunFixture({
          executionName: 'run-of-conductor',
          agent: 'conductor',
        }),
      ],
    }),
  });
}

async function renderFor(mesh: Entity, agent: Entity, api: AgentMeshApi) {
  return renderWithEntity(<EntityAgentMeshAgentContent />, agent, api, [
    [catalogApiRef, catalogApiMock({ entities: [mesh, agent] })],
    ...laneApis(
      permissionApiAllowing(
        'agent-mesh.lane.promote',
        'agent-mesh.lane.demote',
      ),
    ),
  ]);
}

describe('EntityAgentMeshAgentContent', () => {
  it('shows the agent’s lane controls, runs with console links, alarms, cost and history, all of its mesh', async () => {
    const { mesh, agent, ref } = fixturesFor();
    const api = fullApi();
    await renderFor(mesh, agent, api);

    // The lane controls of this agent only, permissions asked for its mesh.
    expect(
      await screen.findByRole('button', { name: 'Promote critic to execute' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Promote conductor/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('Lane of critic')).toBeInTheDocument();

    // The agents-by-lanes grid narrowed to the agent.
    expect(await screen.findByText('Agent critic')).toBeInTheDocument();

    // Runs of the agent, linked to the console of the mesh's region (read from the mesh entity).
    expect(await screen.findByText('Runs of critic')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('link', {
          name: 'Open run-critic-1 in the AWS console (opens in a new tab)',
        }),
      ).toHaveAttribute(
        'href',
        expect.stringContaining(
          'https://eu-central-1.console.aws.amazon.com/states/home?region=eu-central-1#/v2/executions/details/',
        ),
      ),
    );
    expect(api.listRuns).toHaveBeenCalledWith(
      ref,
      expect.objectContaining({ agent: 'critic' }),
    );

    // Alarms of the agent only.
    const alarms = screen.getByRole('table', { name: 'Alarms' });
    expect(
      within(alarms).getByText(FIXTURE_ALARMS.criticTaskFailures),
    ).toBeInTheDocument();
    expect(
      within(alarms).queryByText(FIXTURE_ALARMS.executionsFailed),
    ).not.toBeInTheDocument();

    // Cost of the agent, from the series grouped by agent.
    expect(await screen.findByText('Cost of critic')).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Month to date \$3\.25$/ }),
    ).toBeInTheDocument();
    expect(api.getCost).toHaveBeenCalledWith(ref, {
      granularity: 'DAILY',
      groupBy: 'AGENT',
    });
    expect(
      screen.queryByRole('group', { name: 'Group by' }),
    ).not.toBeInTheDocument();

    // Its promotion requests and waiting runs only.
    expect(
      await screen.findByRole('button', {
        name: 'Approve promotion of critic to execute',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /promotion of conductor/ }),
    ).not.toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Approve run run-42' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve run run-of-conductor' }),
    ).not.toBeInTheDocument();

    // The agent's lane history.
    expect(api.listHistory).toHaveBeenCalledWith(ref, {
      agent: 'critic',
      limit: 20,
      cursor: undefined,
    });
    expect(api.getMeshSnapshot).toHaveBeenCalledWith(ref);
  });

  it('shows the error panel when the mesh’s snapshot cannot be read, and the other cards still load', async () => {
    const { mesh, agent } = fixturesFor();
    const api = fullApi();
    api.getMeshSnapshot.mockRejectedValue(new Error('snapshot store down'));
    await renderFor(mesh, agent, api);
    expect(await screen.findByText('snapshot store down')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Promote critic to execute' }),
    ).toBeInTheDocument();
  });

  it('says what is missing on a component that names no mesh, without asking the backend', async () => {
    const { mesh, agent } = fixturesFor();
    const api = fullApi();
    await renderFor(mesh, { ...agent, spec: { type: 'agent' } }, api);
    expect(
      screen.getByRole('heading', { name: 'Not an agent of a mesh' }),
    ).toBeInTheDocument();
    expect(api.listLanes).not.toHaveBeenCalled();
    expect(api.getMeshSnapshot).not.toHaveBeenCalled();
  });
});
