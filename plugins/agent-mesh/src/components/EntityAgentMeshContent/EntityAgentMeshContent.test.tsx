import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { EntityAgentMeshContent } from './EntityAgentMeshContent';

function meshEntity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'billing-dev', annotations },
    spec: { type: 'agent-mesh', owner: 'team-billing' },
  };
}

async function renderFor(entity: Entity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityAgentMeshContent />
    </EntityProvider>,
  );
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

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getByText(
        (_, element) =>
          element?.tagName === 'P' &&
          /The annotation agent-mesh\.io\/mesh-id is missing/.test(
            element.textContent ?? '',
          ),
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('row', { name: /^Mesh id/i }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('eu-west-1')).not.toBeInTheDocument();
  });
});
