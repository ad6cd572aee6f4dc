import { Entity } from '@backstage/catalog-model';
import { agentNameOf, isAgentMeshAgent } from './isAgentMeshAgent';

function component(spec: Record<string, string>, kind = 'Component'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'billing-staging-conductor' },
    spec,
  };
}

describe('isAgentMeshAgent', () => {
  it('holds for a Component of type agent that names its mesh in spec.system', () => {
    expect(
      isAgentMeshAgent(component({ type: 'agent', system: 'billing-staging' })),
    ).toBe(true);
  });

  it('fails for other types, kinds, and agents without a mesh', () => {
    expect(
      isAgentMeshAgent(
        component({ type: 'service', system: 'billing-staging' }),
      ),
    ).toBe(false);
    expect(
      isAgentMeshAgent(
        component({ type: 'agent', system: 'billing-staging' }, 'Resource'),
      ),
    ).toBe(false);
    expect(isAgentMeshAgent(component({ type: 'agent' }))).toBe(false);
    expect(isAgentMeshAgent(component({ type: 'agent', system: '' }))).toBe(
      false,
    );
  });
});

describe('agentNameOf', () => {
  it('reads the agent-name annotation, else the entity name', () => {
    const entity = component({ type: 'agent', system: 'billing-staging' });
    expect(agentNameOf(entity)).toBe('billing-staging-conductor');
    entity.metadata.annotations = { 'agent-mesh.io/agent-name': 'conductor' };
    expect(agentNameOf(entity)).toBe('conductor');
  });
});
