import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import { AgentMeshApi } from '../../api';
import { snapshotFixture } from '../../__testUtils__/fixtures';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import {
  meshEntity,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { responseError } from '../../__testUtils__/responseError';
import { EntityAgentMeshAlarmsContent } from './EntityAgentMeshAlarmsContent';

function renderFor(e: Entity, api: AgentMeshApi) {
  return renderWithEntity(<EntityAgentMeshAlarmsContent />, e, api);
}

const annotations = {
  [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-staging',
  [AGENT_MESH_ANNOTATIONS.region]: 'us-east-1',
};

describe('EntityAgentMeshAlarmsContent', () => {
  it('shows the alarms with console links in the mesh’s region and the metrics charts', async () => {
    const snapshot = snapshotFixture();
    snapshot.metrics.series = [
      {
        id: 'started',
        label: 'Runs started',
        timestamps: ['2026-11-25T11:00:00.000Z'],
        values: [4],
      },
    ];
    const api = mockAgentMeshApi({ getMeshSnapshot: async () => snapshot });
    await renderFor(meshEntity(annotations), api);

    expect(
      await screen.findByRole('table', { name: 'Alarms' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: /in the AWS console/ })[0],
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\//,
      ),
    );
    expect(
      screen.getByRole('figure', { name: 'Runs started' }),
    ).toBeInTheDocument();
    expect(api.getMeshSnapshot).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'billing-staging',
    });
  });

  it('shows a progress bar while the snapshot loads', async () => {
    await renderFor(
      meshEntity(annotations),
      mockAgentMeshApi({ getMeshSnapshot: () => new Promise(() => {}) }),
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the error panel when the snapshot cannot be read', async () => {
    const error = await responseError(
      403,
      'Forbidden',
      'NotAllowedError',
      'not allowed',
    );
    await renderFor(
      meshEntity(annotations),
      mockAgentMeshApi({ getMeshSnapshot: () => Promise.reject(error) }),
    );
    expect(
      await screen.findByText(/Request failed with 403 Forbidden/),
    ).toBeInTheDocument();
  });

  it('shows the missing-annotation empty state without the mesh id', async () => {
    const api = mockAgentMeshApi();
    await renderFor(meshEntity({}), api);
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.getMeshSnapshot).not.toHaveBeenCalled();
  });
});
