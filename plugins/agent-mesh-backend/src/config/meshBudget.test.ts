import { ConfigReader } from '@backstage/config';
import { readAgentMeshConfig } from './agentMeshConfig';
import { annotatedBudget, meshBudget } from './meshBudget';

describe('meshBudget', () => {
  const config = readAgentMeshConfig(
    new ConfigReader({ agentMesh: { cost: { budgets: { medium: 500 } } } }),
  );

  it('takes the budget the template wrote into the mesh, else its tier’s', () => {
    const own = annotatedBudget({ 'agent-mesh.io/monthly-budget-usd': '400' });
    expect(own).toBe(400);
    expect(meshBudget({ monthlyBudgetUsd: own, tier: 'medium' }, config)).toBe(
      400,
    );
    expect(meshBudget({ tier: 'medium' }, config)).toBe(500);
    expect(meshBudget({}, config)).toBeUndefined();
  });

  it.each(['', 'abc', '0', '-5', 'Infinity'])(
    'ignores the annotation %p',
    value => {
      expect(
        annotatedBudget({ 'agent-mesh.io/monthly-budget-usd': value }),
      ).toBeUndefined();
    },
  );
});
