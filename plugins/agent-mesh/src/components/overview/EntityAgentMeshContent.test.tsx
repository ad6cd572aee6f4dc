import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { responseError } from '../../__testUtils__/responseError';
import { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
import { AgentMeshApi } from '../../api';
import {
  FIXTURE_ALARMS,
  pendingSnapshotFixture,
  snapshotFixture,
} from '../../__testUtils__/fixtures';
import { expectMissingAnnotationState } from '../../__testUtils__/missingAnnotation';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import {
  meshEntity as entityOf,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityAgentMeshContent } from './EntityAgentMeshContent';

function meshEntity(annotations: Record<string, string>): Entity {
  return entityOf(
    annotations,
    { name: 'billing-dev' },
    { owner: 'team-billing' },
  );
}

const billingStaging = {
  [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-staging',
  [AGENT_MESH_ANNOTATIONS.tier]: 'medium',
  [AGENT_MESH_ANNOTATIONS.awsAccount]: '222222222222',
  [AGENT_MESH_ANNOTATIONS.region]: 'us-east-1',
};

async function renderFor(
  entity: Entity,
  api: AgentMeshApi = mockAgentMeshApi({
    getMeshSnapshot: async () => snapshotFixture(),
  }),
) {
  return renderWithEntity(<EntityAgentMeshContent />, entity, api);
}

describe('EntityAgentMeshContent', () => {
  it('shows where the mesh lives', async () => {
    await renderFor(
      meshEntity({
        [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-dev',
        [AGENT_MESH_ANNOTATIONS.tier]: 'medium',
        [AGENT_MESH_ANNOTATIONS.awsAccount]: '123456789012',
        [AGENT_MESH_ANNOTATIONS.region]: 'eu-west-1',
      }),
    );

    expect(
      screen.getByRole('row', { name: /^Mesh id billing-dev$/i }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Tier medium$/i }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^AWS account 123456789012$/i }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Region eu-west-1$/i }),
    ).toBeInTheDocument();
    expect(screen.queryByText('not set')).not.toBeInTheDocument();
  });

  it('says which location annotations are not set', async () => {
    await renderFor(
      meshEntity({ [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-dev' }),
    );

    expect(
      screen.getByRole('row', { name: /^Mesh id billing-dev$/i }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Tier not set$/i }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^AWS account not set$/i }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Region not set$/i }),
    ).toBeInTheDocument();
  });

  it('shows the missing-annotation empty state without the mesh id', async () => {
    await renderFor(
      meshEntity({ [AGENT_MESH_ANNOTATIONS.region]: 'eu-west-1' }),
    );

    await expectMissingAnnotationState('agent-mesh.io/mesh-id');
    expect(
      screen.queryByRole('row', { name: /^Mesh id/i }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('eu-west-1')).not.toBeInTheDocument();
  });

  describe('health', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: 'billing-staging',
        namespace: 'default',
        annotations: billingStaging,
      },
      spec: { type: 'agent-mesh', owner: 'platform-team' },
    };

    it('reads the snapshot of the entity and shows every card', async () => {
      const api = mockAgentMeshApi({
        getMeshSnapshot: async () => snapshotFixture(),
      });

      await renderFor(entity, api);

      expect(
        await screen.findByRole('row', {
          name: /^Snapshot refreshed 12 s ago$/,
        }),
      ).toBeInTheDocument();
      expect(api.getMeshSnapshot).toHaveBeenCalledWith({
        namespace: 'default',
        name: 'billing-staging',
      });
      const agents = screen.getByRole('table', { name: 'Agents' });
      expect(
        within(agents).getByRole('link', { name: 'conductor' }),
      ).toBeInTheDocument();
      const alarms = screen.getByRole('table', { name: 'Alarms' });
      expect(
        within(alarms).getByText(FIXTURE_ALARMS.criticTaskFailures),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('row', { name: /^Month to date \$123\.45$/ }),
      ).toBeInTheDocument();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });

    it('isolates a failing source: only its card warns, the others render', async () => {
      const snapshot = snapshotFixture();
      snapshot.alarms = {
        status: 'error',
        error: { name: 'ThrottlingException', message: 'Rate exceeded' },
        items: [],
      };

      await renderFor(
        entity,
        mockAgentMeshApi({ getMeshSnapshot: async () => snapshot }),
      );

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'Alarms unavailable: ThrottlingException — Rate exceeded',
      );
      expect(screen.getAllByRole('alert')).toHaveLength(1);
      expect(
        screen.queryByRole('table', { name: 'Alarms' }),
      ).not.toBeInTheDocument();
      expect(
        within(screen.getByRole('table', { name: 'Agents' })).getByRole(
          'link',
          { name: 'critic' },
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('row', { name: /^Month to date \$123\.45$/ }),
      ).toBeInTheDocument();
      expect(
        screen.getByText('Alarms: ThrottlingException'),
      ).toBeInTheDocument();
    });

    it('says the first refresh has not run when the snapshot is pending', async () => {
      await renderFor(
        entity,
        mockAgentMeshApi({
          getMeshSnapshot: async () => pendingSnapshotFixture(),
        }),
      );

      expect(
        await screen.findByRole('row', {
          name: /^Snapshot the first refresh has not run yet$/,
        }),
      ).toBeInTheDocument();
      const alerts = screen.getAllByRole('alert').map(a => a.textContent);
      for (const label of ['Runs', 'Lanes', 'Alarms', 'Cost']) {
        expect(alerts).toContainEqual(
          expect.stringContaining(
            `${label} not read yet: the first refresh has not run`,
          ),
        );
      }
      expect(
        screen.getByText('No agents yet: the first refresh has not run.'),
      ).toBeInTheDocument();
    });

    it('shows the missing-annotation state the backend names, and still where the mesh lives', async () => {
      const error = await responseError(
        404,
        'Not Found',
        'NotFoundError',
        'Agent mesh system:default/billing-staging is missing the annotation agent-mesh.io/region',
      );

      await renderFor(
        entity,
        mockAgentMeshApi({ getMeshSnapshot: () => Promise.reject(error) }),
      );

      await expectMissingAnnotationState('agent-mesh.io/region');
      expect(
        screen.getByRole('row', { name: /^Snapshot unavailable$/ }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('row', { name: /^AWS account 222222222222$/ }),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('table', { name: 'Agents' }),
      ).not.toBeInTheDocument();
    });
  });
});
