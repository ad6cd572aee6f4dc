import {
  AGENT_MESH_TAGS,
  TIERS,
  TIER_FACTS,
  Tier,
} from '@agent-mesh/mesh-model';
import { Match } from 'aws-cdk-lib/assertions';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';

const synthesized = Object.fromEntries(
  TIERS.map(t => [t, synthTier(t, EXAMPLE_PROPS[t])]),
) as Record<Tier, ReturnType<typeof synthTier>>;

describe.each(TIERS)('the %s tier stack', tier => {
  const { template, stack } = synthesized[tier];
  const meshId = EXAMPLE_PROPS[tier].meshId;

  it('tags every taggable resource with mesh, agent, lane and tier', () => {
    const resources = Object.entries(
      template.toJSON().Resources as Record<string, any>,
    ).filter(
      ([, r]) =>
        Array.isArray(r.Properties?.Tags) &&
        r.Properties.Tags.every((t: any) => 'Key' in t),
    );
    expect(resources.length).toBeGreaterThan(10);
    for (const [id, r] of resources) {
      const keys = r.Properties.Tags.map((t: any) => t.Key);
      expect({ id, keys }).toEqual({
        id,
        keys: expect.arrayContaining(Object.values(AGENT_MESH_TAGS)),
      });
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([
        { Key: AGENT_MESH_TAGS.mesh, Value: meshId },
        { Key: AGENT_MESH_TAGS.tier, Value: tier },
      ]),
    });
  });

  it('outputs what the portal needs', () => {
    const outputs = template.toJSON().Outputs;
    for (const key of [
      'OrchestrationStateMachineArn',
      'SweeperStateMachineArn',
      'KvTableName',
      'EventBusName',
      'AlarmPrefix',
      'DashboardName',
    ]) {
      expect(outputs).toHaveProperty(key);
    }
    expect(outputs.AlarmPrefix.Value).toBe(`agent-mesh-${meshId}-`);
  });

  it('logs both workflows without execution data, so task tokens never reach the logs', () => {
    const machines = Object.values(
      template.findResources('AWS::StepFunctions::StateMachine'),
    );
    expect(machines).toHaveLength(2);
    for (const machine of machines) {
      expect(machine.Properties.LoggingConfiguration).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: false,
      });
    }
  });

  it("is built from the tier's facts", () => {
    const facts = TIER_FACTS[tier];
    const agents = EXAMPLE_PROPS[tier].agents!.length;
    expect(stack.facts).toBe(facts);
    expect(stack.compute.lanes).toEqual(facts.lanes);
    template.resourceCountIs('AWS::EC2::NatGateway', facts.natGateways);
    template.resourceCountIs('AWS::SNS::Topic', facts.alarmTopic ? 1 : 0);
    template.resourceCountIs('AWS::RDS::DBCluster', facts.mlFeatures ? 1 : 0);
    template.resourceCountIs(
      'AWS::ECS::TaskDefinition',
      agents * facts.lanes.length + 2,
    );
    expect(Boolean(stack.orchestration.approvalQueue)).toBe(facts.approvalGate);
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({
        BudgetLimit: { Amount: facts.defaultMonthlyBudgetUsd, Unit: 'USD' },
      }),
    });
  });

  it('names the orchestration by convention', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: `agent-mesh-${meshId}-orchestration`,
    });
    expect(stack.tier).toBe(tier);
  });
});

describe('what each tier holds', () => {
  const definitionOf = (tier: Tier) =>
    JSON.stringify(
      Object.values(
        synthesized[tier].template.findResources(
          'AWS::StepFunctions::StateMachine',
        ),
      )[0].Properties.DefinitionString,
    );

  it('small: two lanes, no approval gate, no NAT, no topic, no database', () => {
    const { template } = synthesized.small;
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::RDS::DBCluster', 0);
    expect(definitionOf('small')).not.toContain('RequestApproval');
    template.resourceCountIs('AWS::ECS::TaskDefinition', 3 * 2 + 2);
  });

  it('medium: all lanes, the approval gate, one NAT, the alarm topic, its integration', () => {
    const { template } = synthesized.medium;
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::RDS::DBCluster', 0);
    template.resourceCountIs('AWS::Lambda::Url', 1);
    expect(definitionOf('medium')).toContain(
      'events:putEvents.waitForTaskToken',
    );
    template.resourceCountIs('AWS::ECS::TaskDefinition', 4 * 3 + 2);
  });

  it.each(['medium', 'large'] as const)(
    '%s: the approval queue for the portal, with its URL and ARN as outputs',
    tier => {
      const { template, stack } = synthesized[tier];
      const meshId = EXAMPLE_PROPS[tier].meshId;
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `agent-mesh-${meshId}-approvals`,
      });
      const outputs = template.toJSON().Outputs;
      const queueId = stack.resolve(
        (stack.orchestration.approvalQueue!.node.defaultChild as any).logicalId,
      );
      expect(outputs.ApprovalQueueUrl.Value).toEqual({ Ref: queueId });
      expect(outputs.ApprovalQueueArn.Value).toEqual({
        'Fn::GetAtt': [queueId, 'Arn'],
      });
    },
  );

  it('small: no approval queue, since nothing waits for approval', () => {
    const { template, stack } = synthesized.small;
    expect(stack.orchestration.approvalQueue).toBeUndefined();
    expect(template.toJSON().Outputs).not.toHaveProperty('ApprovalQueueUrl');
    expect(
      Object.values(template.findResources('AWS::SQS::Queue')).map(
        q => q.Properties.QueueName,
      ),
    ).not.toContain('agent-mesh-team-dev-approvals');
  });

  it('refuses an unknown execute approval policy in the tier props', () => {
    expect(() =>
      synthTier('medium', {
        meshId: 'bad-approvals',
        approvals: { execute: 'sometimes' as any },
      }),
    ).toThrow(
      /Invalid medium mesh props:\n {2}- approvals\.execute: "sometimes" is not an approval policy; use one of always, on-critic-request/,
    );
  });

  it('large: medium plus the ML database, two NATs and the detailed dashboard', () => {
    const { template } = synthesized.large;
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    template.resourceCountIs('AWS::RDS::DBCluster', 1);
    template.resourceCountIs('AWS::Lambda::Url', 3);
    const dashboard = JSON.stringify(
      template.findResources('AWS::CloudWatch::Dashboard'),
    );
    expect(dashboard).toContain('ServerlessDatabaseCapacity');
    expect(dashboard).toContain('Agent task failures');
  });
});
