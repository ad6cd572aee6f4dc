import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { MeshEntityGuard } from './MeshEntityGuard';

function renderFor(entity: Entity, of?: 'mesh' | 'agent') {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <MeshEntityGuard of={of}>
        <p>the guarded content</p>
      </MeshEntityGuard>
    </EntityProvider>,
  );
}

const mesh: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'billing-staging',
    annotations: { [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-staging' },
  },
  spec: { type: 'agent-mesh' },
};

const agent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing-staging-conductor' },
  spec: { type: 'agent', system: 'billing-staging' },
};

describe('MeshEntityGuard', () => {
  it('renders a mesh’s content when it has the mesh id', async () => {
    await renderFor(mesh);
    expect(screen.getByText('the guarded content')).toBeInTheDocument();
  });

  it('shows the missing-annotation empty state for a mesh without the mesh id', async () => {
    await renderFor({ ...mesh, metadata: { name: 'billing-staging' } });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(screen.queryByText('the guarded content')).not.toBeInTheDocument();
  });

  it('renders an agent’s content when it names its mesh', async () => {
    await renderFor(agent, 'agent');
    expect(screen.getByText('the guarded content')).toBeInTheDocument();
  });

  it('says what an agent needs when the component names no mesh', async () => {
    await renderFor({ ...agent, spec: { type: 'agent' } }, 'agent');
    expect(
      screen.getByRole('heading', { name: 'Not an agent of a mesh' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('the guarded content')).not.toBeInTheDocument();
  });
});
