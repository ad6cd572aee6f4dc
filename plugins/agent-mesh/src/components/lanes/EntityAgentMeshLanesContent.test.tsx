import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentMeshApi } from '../../api';
import {
  gateReportFixture,
  historyEntryFixture,
  laneApis,
  lanesFixture,
  mockAgentMeshApi,
  permissionApiAllowing,
  promotionRequestFixture,
  renderWithEntity,
  uniqueMeshEntity,
  waitingRunFixture,
} from '../../__testUtils__';
import { EntityAgentMeshLanesContent } from './EntityAgentMeshLanesContent';

function fullApi(): jest.Mocked<AgentMeshApi> {
  return mockAgentMeshApi({
    listLanes: async () => lanesFixture(),
    getPromotionGates: async () => gateReportFixture(),
    listPromotionRequests: async () => ({ items: [promotionRequestFixture()] }),
    listWaitingRuns: async () => ({ items: [waitingRunFixture()] }),
    listHistory: async () => ({ items: [historyEntryFixture()] }),
  });
}

async function renderFor(
  entity: Entity,
  api: AgentMeshApi,
  permissionApi = permissionApiAllowing(
    'agent-mesh.lane.promote',
    'agent-mesh.lane.demote',
    'agent-mesh.approval.decide',
  ),
) {
  return renderWithEntity(
    <EntityAgentMeshLanesContent />,
    entity,
    api,
    laneApis(permissionApi),
  );
}

describe('EntityAgentMeshLanesContent', () => {
  it('shows the missing-annotation empty state without the mesh id', async () => {
    const api = fullApi();
    await renderFor(
      uniqueMeshEntity({ [AGENT_MESH_ANNOTATIONS.region]: 'eu-west-1' }),
      api,
    );

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.listLanes).not.toHaveBeenCalled();
  });

  it('shows lanes, requests, waiting runs and history of the entity’s mesh, asking permissions for the entity', async () => {
    const api = fullApi();
    const permissionApi = permissionApiAllowing('agent-mesh.lane.promote');
    const entity = uniqueMeshEntity();
    await renderFor(entity, api, permissionApi);

    expect(
      await screen.findByRole('button', {
        name: 'Promote conductor to dry_run',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', {
        name: 'Approve promotion of critic to execute',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Approve run run-42' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Ready for dry runs')).toBeInTheDocument();
    const mesh = { namespace: 'default', name: entity.metadata.name };
    expect(api.listLanes).toHaveBeenCalledWith(mesh);
    expect(api.listPromotionRequests).toHaveBeenCalledWith(mesh);
    expect(api.listWaitingRuns).toHaveBeenCalledWith(mesh);
    expect(api.listHistory).toHaveBeenCalledWith(mesh, {
      agent: undefined,
      limit: 20,
      cursor: undefined,
    });
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Approve run run-42' }),
      ).toBeDisabled(),
    );
    const resourceRefs = permissionApi.authorize.mock.calls.map(([request]) => [
      request.permission.name,
      request.resourceRef,
    ]);
    expect(resourceRefs).toEqual(
      expect.arrayContaining([
        ['agent-mesh.lane.promote', `system:default/${entity.metadata.name}`],
        [
          'agent-mesh.approval.decide',
          `system:default/${entity.metadata.name}`,
        ],
      ]),
    );
  });

  it('reads every card again after a promotion, so the history shows the new row', async () => {
    const api = fullApi();
    api.promoteAgent.mockResolvedValue({
      kind: 'applied',
      response: {
        outcome: 'applied',
        lane: { lane: 'dry_run', version: 3 },
        entry: historyEntryFixture({ id: 'h-new', reason: 'the new row' }),
      },
    });
    let historyReads = 0;
    api.listHistory.mockImplementation(async () => {
      historyReads += 1;
      return {
        items:
          historyReads > 1
            ? [historyEntryFixture({ id: 'h-new', reason: 'the new row' })]
            : [historyEntryFixture()],
      };
    });
    await renderFor(uniqueMeshEntity(), api);

    const promote = await screen.findByRole('button', {
      name: 'Promote conductor to dry_run',
    });
    await waitFor(() => expect(promote).toBeEnabled());
    await userEvent.click(promote);
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('All 6 gates pass', { exact: false });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );

    expect(await screen.findByText('the new row')).toBeInTheDocument();
    expect(api.listPromotionRequests).toHaveBeenCalledTimes(2);
    expect(api.listWaitingRuns).toHaveBeenCalledTimes(2);
  });
});
