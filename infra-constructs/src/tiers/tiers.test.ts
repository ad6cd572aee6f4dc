import {
  AGENT_MESH_TAGS,
  TIERS,
  TIER_FACTS,
  Tier,
  meshResourceNames,
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
    // The entity tag only when the configuration names the mesh's System (tested below).
    const always = [
      AGENT_MESH_TAGS.mesh,
      AGENT_MESH_TAGS.agent,
      AGENT_MESH_TAGS.lane,
      AGENT_MESH_TAGS.tier,
    ];
    for (const [id, r] of resources) {
      const keys = r.Properties.Tags.map((t: any) => t.Key);
      expect({ id, keys }).toEqual({
        id,
        keys: expect.arrayContaining(always),
      });
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([
        { Key: AGENT_MESH_TAGS.mesh, Value: meshId },
        { Key: AGENT_MESH_TAGS.tier, Value: tier },
      ]),
    });
  });

  it('tags both state machines with the mesh id, which the portal checks before trusting a catalog entity', () => {
    const machines = Object.values(
      template.findResources('AWS::StepFunctions::StateMachine'),
    );
    expect(machines).toHaveLength(2);
    for (const machine of machines) {
      expect(machine.Properties.Tags).toEqual(
        expect.arrayContaining([{ Key: AGENT_MESH_TAGS.mesh, Value: meshId }]),
      );
      // AND without a catalogEntityRef there is no entity tag
      expect(
        machine.Properties.Tags.map((t: { Key: string }) => t.Key),
      ).not.toContain(AGENT_MESH_TAGS.entity);
    }
  });

  it('tags every resource, the state machines included, with the catalog entity ref when given', () => {
    // GIVEN the tier's props with the ref of the mesh's System
    const ref = `system:default/${meshId}`;
    const tagged = synthTier(tier, {
      ...EXAMPLE_PROPS[tier],
      catalogEntityRef: ref,
    }).template;
    // THEN the orchestration carries both the mesh and the entity tag
    tagged.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: `agent-mesh-${meshId}-orchestration`,
      Tags: Match.arrayWith([
        { Key: AGENT_MESH_TAGS.entity, Value: ref },
        { Key: AGENT_MESH_TAGS.mesh, Value: meshId },
      ]),
    });
    // AND so does every taggable resource
    const resources = Object.values(
      tagged.toJSON().Resources as Record<string, any>,
    ).filter(
      r =>
        Array.isArray(r.Properties?.Tags) &&
        r.Properties.Tags.every((t: any) => 'Key' in t),
    );
    expect(resources.length).toBeGreaterThan(10);
    for (const r of resources) {
      expect(r.Properties.Tags).toContainEqual({
        Key: AGENT_MESH_TAGS.entity,
        Value: ref,
      });
    }
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
    expect(outputs.AlarmPrefix.Value).toBe(
      meshResourceNames(meshId).alarmPrefix,
    );
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

  it('small: no subtask queue, dead-letter queue, DLQ alarm, queue output or SQS permission, since no lane consumes subtasks', () => {
    // GIVEN the small tier, whose lanes have no execute
    const { template, stack } = synthesized.small;
    const resources = template.toJSON().Resources as Record<string, any>;
    // THEN it creates no queue at all (no subtask queue, no DLQ, and no approval queue without the gate)
    template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(stack.bus.subtaskQueue).toBeUndefined();
    expect(stack.bus.deadLetterQueue).toBeUndefined();
    expect(
      Object.values(
        template.findResources('AWS::CloudWatch::Alarm', {
          Properties: { AlarmName: 'agent-mesh-team-dev/subtasks-dlq-depth' },
        }),
      ),
    ).toEqual([]);
    expect(template.toJSON().Outputs).not.toHaveProperty('SubtaskQueueUrl');
    // AND no policy of the stack (lane roles included) names an SQS action
    const policies = Object.values(resources).filter(
      r => r.Type === 'AWS::IAM::Policy',
    );
    expect(policies.length).toBeGreaterThan(0);
    expect(JSON.stringify(policies)).not.toMatch(/"sqs:/);
    // AND no task is told a queue URL
    expect(JSON.stringify(resources)).not.toContain('AGENT_MESH_QUEUE_URL');
  });

  it.each(['medium', 'large'] as const)(
    '%s: the subtask queue with its DLQ, DLQ alarm, output and execute-lane permissions',
    tier => {
      const { template, stack } = synthesized[tier];
      const meshId = EXAMPLE_PROPS[tier].meshId;
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `agent-mesh-${meshId}-subtasks`,
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `agent-mesh-${meshId}-subtasks-dlq`,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `agent-mesh-${meshId}/subtasks-dlq-depth`,
      });
      const queueId = stack.resolve(
        (stack.bus.subtaskQueue!.node.defaultChild as any).logicalId,
      );
      expect(template.toJSON().Outputs.SubtaskQueueUrl.Value).toEqual({
        Ref: queueId,
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'WorkSubtasks',
              Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
            }),
          ]),
        },
      });
    },
  );

  it('refuses a catalog entity ref that is not a System ref, naming the prop', () => {
    expect(() =>
      synthTier('small', {
        meshId: 'bad-ref',
        catalogEntityRef: 'component:default/bad-ref',
      }),
    ).toThrow(
      /Invalid small mesh props:\n {2}- catalogEntityRef: "component:default\/bad-ref" is not a System entity ref/,
    );
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
