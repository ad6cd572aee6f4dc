import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { readAgentMeshConfig } from '../config/agentMeshConfig';
import { demotableTo, meshPolicy, promotableTo } from './meshPolicy';

const config = readAgentMeshConfig(new ConfigReader({}));

function mesh(annotations: Record<string, string>, tier?: 'small' | 'medium') {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'm', annotations },
  };
  return { entity, tier };
}

describe('meshPolicy', () => {
  it('treats a mesh without an environment as prod: a second person for execute, the strictest gates', () => {
    const policy = meshPolicy(mesh({}, 'medium'), config);
    expect(policy).toEqual({
      environment: 'prod',
      lanes: ['read_only', 'dry_run', 'execute'],
      budget: 500,
      secondPerson: ['execute'],
    });
    expect(config.promotion.gates[policy.environment].minSuccessfulRuns).toBe(
      20,
    );
    expect(
      meshPolicy(mesh({ 'agent-mesh.io/environment': 'qa' }), config)
        .environment,
    ).toBe('prod');
  });

  it('reads the environment and the budget annotation, which wins over the tier budget', () => {
    expect(
      meshPolicy(
        mesh(
          {
            'agent-mesh.io/environment': 'dev',
            'agent-mesh.io/monthly-budget-usd': '75',
          },
          'medium',
        ),
        config,
      ),
    ).toMatchObject({ environment: 'dev', budget: 75, secondPerson: [] });
    expect(
      meshPolicy(
        mesh({ 'agent-mesh.io/monthly-budget-usd': 'lots' }, 'small'),
        config,
      ).budget,
    ).toBe(100);
    expect(meshPolicy(mesh({}), config).budget).toBeUndefined();
  });

  it("moves within the tier's lanes: a small mesh has no execute", () => {
    const small = meshPolicy(mesh({}, 'small'), config);
    expect(small.lanes).toEqual(['read_only', 'dry_run']);
    expect(promotableTo(small, 'read_only')).toBe('dry_run');
    expect(promotableTo(small, 'dry_run')).toBeUndefined();
    const medium = meshPolicy(mesh({}, 'medium'), config);
    expect(promotableTo(medium, 'dry_run')).toBe('execute');
    expect(demotableTo(medium, 'execute')).toEqual(['dry_run', 'read_only']);
    expect(demotableTo(medium, 'read_only')).toEqual([]);
  });
});
