import { meshAnnotationProblem } from './meshAnnotations';

describe('meshAnnotationProblem', () => {
  const located = { awsAccount: '123456789012', region: 'eu-west-1' };

  it('accepts a located mesh with a valid id', () => {
    expect(
      meshAnnotationProblem({ ...located, meshId: 'billing-dev' }),
    ).toBeUndefined();
  });

  it('refuses a mesh id that AWS names and the store columns cannot hold, quoting at most 80 characters of it', () => {
    const problem = meshAnnotationProblem({
      ...located,
      meshId: 'x'.repeat(200),
    });
    expect(problem).toContain(`"${'x'.repeat(80)}" is not a mesh id`);
    expect(problem).not.toContain('x'.repeat(81));
    expect(meshAnnotationProblem({ ...located, meshId: 'Billing' })).toMatch(
      /is not a mesh id \(3-32 lowercase letters/,
    );
  });

  it('names the missing location annotations', () => {
    expect(meshAnnotationProblem({ meshId: 'billing-dev' })).toBe(
      'it lacks the agent-mesh.io/aws-account or agent-mesh.io/region annotation',
    );
  });
});
