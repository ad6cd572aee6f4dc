import { Match, Template } from 'aws-cdk-lib/assertions';
import { meshFixture } from '../testing/mesh-fixture';

describe('AgentCompute', () => {
  // GIVEN a bus WHEN compute is added for the three core agents in all lanes
  const { stack, compute } = meshFixture({
    compute: { environment: 'staging' },
  });
  const template = Template.fromStack(stack);

  it('creates a cluster with Fargate and Fargate Spot and Container Insights', () => {
    template.hasResourceProperties(
      'AWS::ECS::ClusterCapacityProviderAssociations',
      {
        CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      },
    );
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'agent-mesh-demo-agents',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('creates one task definition per agent and lane plus the plan and review steps', () => {
    template.resourceCountIs('AWS::ECS::TaskDefinition', 3 * 3 + 2);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'agent-mesh-demo-critic-dry_run',
      RequiresCompatibilities: ['FARGATE'],
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'agent',
          Environment: Match.arrayWith([
            { Name: 'AGENT_MESH_KV_TABLE', Value: Match.anyValue() },
            { Name: 'AGENT_MESH_QUEUE_URL', Value: Match.anyValue() },
            { Name: 'AGENT_MESH_LANE', Value: 'dry_run' },
          ]),
          Secrets: [
            Match.objectLike({ Name: 'AGENT_MESH_SECRET_MODEL_API_KEY' }),
          ],
        }),
      ],
    });
    expect(
      Object.entries(compute.taskDefinitions).map(([agent, byLane]) => [
        agent,
        Object.keys(byLane),
      ]),
    ).toEqual(
      ['conductor', 'critic', 'sweeper'].map(agent => [
        agent,
        ['read_only', 'dry_run', 'execute'],
      ]),
    );
    expect(stack.resolve(compute.taskDefinitions.critic.execute!.family)).toBe(
      'agent-mesh-demo-critic-execute',
    );
    expect(Object.keys(compute.stepTaskDefinitions)).toEqual([
      'plan',
      'review',
    ]);
  });

  it('gives each task role the lane tag and writes the lane rules into it', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      Tags: Match.arrayWith([
        { Key: 'agent-mesh:agent', Value: 'critic' },
        { Key: 'agent-mesh:lane', Value: 'dry_run' },
      ]),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'WriteDryRunItems',
            Condition: {
              'ForAllValues:StringLike': {
                'dynamodb:LeadingKeys': ['dry-run#*'],
              },
            },
          }),
        ]),
      },
    });
  });

  it("keeps agent logs for the environment's retention", () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/agent-mesh/demo/agents/critic',
      RetentionInDays: 30,
    });
  });

  it('runs without NAT in public subnets, and behind NAT when asked', () => {
    expect(compute.assignPublicIp).toBe(true);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const withNat = meshFixture({
      stackName: 'N',
      compute: { agents: ['conductor', 'critic'], natGateways: 1 },
    });
    expect(withNat.compute.assignPublicIp).toBe(false);
    Template.fromStack(withNat.stack).resourceCountIs(
      'AWS::EC2::NatGateway',
      1,
    );
  });

  it('keeps execute runs off Spot', () => {
    expect(compute.capacityProviderStrategy('execute')).toEqual([
      { capacityProvider: 'FARGATE', weight: 1 },
    ]);
    expect(
      compute
        .capacityProviderStrategy('read_only')
        .map(s => s.capacityProvider),
    ).toContain('FARGATE_SPOT');
  });

  it('needs conductor and critic for the workflow steps', () => {
    expect(() =>
      meshFixture({ stackName: 'X', compute: { agents: ['indexer'] } }),
    ).toThrow(/agents: must include the core agents conductor, critic/);
  });
});
