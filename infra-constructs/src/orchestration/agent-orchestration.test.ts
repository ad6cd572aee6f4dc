import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AgentBus } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import { AgentOrchestration } from './agent-orchestration';

describe('AgentOrchestration', () => {
  // GIVEN a bus and compute WHEN the orchestration is added
  const stack = new Stack(new App(), 'S');
  const bus = new AgentBus(stack, 'Bus', { meshId: 'demo' });
  const compute = new AgentCompute(stack, 'Compute', {
    meshId: 'demo',
    bus,
    agents: ['conductor', 'critic', 'sweeper', 'indexer'],
  });
  const orchestration = new AgentOrchestration(stack, 'Orchestration', {
    meshId: 'demo',
    bus,
    compute,
    initialLanes: { indexer: 'dry_run' },
  });
  const template = Template.fromStack(stack);

  it('creates the conductor state machine with tracing and logging, without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'agent-mesh-demo-orchestration',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({
        Level: 'ALL',
        IncludeExecutionData: false,
      }),
    });
  });

  it('schedules the sweeper state machine', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'agent-mesh-demo-sweeper',
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'agent-mesh-demo-sweeper-schedule',
      ScheduleExpression: 'rate(6 hours)',
      Targets: [
        Match.objectLike({
          Input: '{"agent":"sweeper","task":{"kind":"sweep"}}',
        }),
      ],
    });
  });

  it("lets the workflow start only this mesh's task families on its cluster", () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ecs:RunTask',
            Condition: { ArnEquals: { 'ecs:cluster': Match.anyValue() } },
            Resource: Match.arrayWith([
              {
                'Fn::Join': [
                  '',
                  Match.arrayWith([
                    Match.stringLikeRegexp(
                      ':task-definition/agent-mesh-demo-indexer-execute:\\*$',
                    ),
                  ]),
                ],
              },
            ]),
          }),
        ]),
      },
    });
  });

  it('delivers approval requests from the mesh bus, whole, to an encrypted TLS-only queue with a DLQ', () => {
    // THEN a rule on the bus matches only the orchestration's approval requests and targets the queue without
    // an input transformation (the portal needs the whole event: detail.taskToken, detail.executionId, ...)
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'agent-mesh-demo-approval-requests',
      EventBusName: Match.anyValue(),
      EventPattern: {
        source: ['agent-mesh.orchestration'],
        'detail-type': ['agent-mesh.approval.requested'],
      },
      Targets: [
        Match.objectLike({
          Arn: {
            'Fn::GetAtt': [Match.stringLikeRegexp('ApprovalQueue'), 'Arn'],
          },
          Input: Match.absent(),
          InputPath: Match.absent(),
          InputTransformer: Match.absent(),
          DeadLetterConfig: {
            Arn: {
              'Fn::GetAtt': [
                Match.stringLikeRegexp('ApprovalDeadLetterQueue'),
                'Arn',
              ],
            },
          },
        }),
      ],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'agent-mesh-demo-approvals',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 4 * 24 * 3600,
      RedrivePolicy: {
        deadLetterTargetArn: Match.anyValue(),
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'agent-mesh-demo-approvals-dlq',
      SqsManagedSseEnabled: true,
    });
  });

  it('lets only the approval rule send to the approval queue, and only over TLS', () => {
    const approvalQueue = Object.keys(
      template.findResources('AWS::SQS::Queue', {
        Properties: { QueueName: 'agent-mesh-demo-approvals' },
      }),
    )[0];
    const rule = Object.keys(
      template.findResources('AWS::Events::Rule', {
        Properties: { Name: 'agent-mesh-demo-approval-requests' },
      }),
    )[0];
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: approvalQueue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: {
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [rule, 'Arn'] } },
            },
          }),
        ]),
      },
    });
    expect(orchestration.approvalQueue).toBeDefined();
  });

  it('has no approval queue without the approval gate', () => {
    // GIVEN an orchestration without the gate
    const other = new Stack(new App(), 'NoGate');
    const otherBus = new AgentBus(other, 'Bus', { meshId: 'solo' });
    const otherCompute = new AgentCompute(other, 'Compute', {
      meshId: 'solo',
      bus: otherBus,
      agents: ['conductor', 'critic', 'sweeper'],
    });
    const noGate = new AgentOrchestration(other, 'Orchestration', {
      meshId: 'solo',
      bus: otherBus,
      compute: otherCompute,
      approvalGate: false,
    });
    // THEN nothing receives approval requests
    expect(noGate.approvalQueue).toBeUndefined();
    expect(
      Template.fromStack(other).findResources('AWS::SQS::Queue', {
        Properties: { QueueName: 'agent-mesh-solo-approvals' },
      }),
    ).toEqual({});
  });

  it('refuses an unknown execute approval policy, naming the field and the allowed values', () => {
    const other = new Stack(new App(), 'Bad');
    const otherBus = new AgentBus(other, 'Bus', { meshId: 'bad' });
    const otherCompute = new AgentCompute(other, 'Compute', {
      meshId: 'bad',
      bus: otherBus,
      agents: ['conductor', 'critic', 'sweeper'],
    });
    expect(
      () =>
        new AgentOrchestration(other, 'Orchestration', {
          meshId: 'bad',
          bus: otherBus,
          compute: otherCompute,
          approvals: { execute: 'never' as any },
        }),
    ).toThrow(
      /approvals\.execute: "never" is not an approval policy; use one of always, on-critic-request/,
    );
  });

  it("seeds each agent's lane item only if absent", () => {
    const seeds = template.findResources('Custom::AWS');
    const creates = Object.values(seeds).map(r =>
      JSON.stringify(r.Properties.Create),
    );
    expect(creates).toHaveLength(4);
    const indexer = creates.find(c => c.includes('agent#indexer'))!;
    expect(indexer).toContain('\\"lane\\":{\\"S\\":\\"dry_run\\"}');
    expect(indexer).toContain('attribute_not_exists(pk)');
    expect(creates.find(c => c.includes('agent#critic'))).toContain(
      '\\"S\\":\\"read_only\\"',
    );
  });
});
