import { Entity } from '@backstage/catalog-model';
import { isAgentMeshAvailable } from './annotations';

function system(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'billing-dev', annotations },
    spec: { type: 'agent-mesh', owner: 'team-a' },
  };
}

describe('isAgentMeshAvailable', () => {
  it('needs the mesh-id annotation', () => {
    expect(
      isAgentMeshAvailable(system({ 'agent-mesh.io/mesh-id': 'billing-dev' })),
    ).toBe(true);
    expect(
      isAgentMeshAvailable(system({ 'agent-mesh.io/tier': 'small' })),
    ).toBe(false);
    expect(isAgentMeshAvailable(system())).toBe(false);
  });
});
