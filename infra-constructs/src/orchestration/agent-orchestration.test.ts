import * as iam from 'aws-cdk-lib/aws-iam';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DENY_WITHOUT_TLS } from '../testing/matchers';
import { addOrchestration, meshFixture } from '../testing/mesh-fixture';

describe('AgentOrchestration', () => {
  // GIVEN a bus and compute WHEN the orchestration is added
  const fixture = meshFixture({
    compute: { agents: ['conductor', 'critic', 'sweeper', 'indexer'] },
  });
  const { stack } = fixture;
  const orchestration = addOrchestration(fixture, {
    initialLanes: { indexer: 'dry_run' },
  });
  const portalRole = new iam.Role(stack, 'PortalRole', {
    assumedBy: new iam.AccountRootPrincipal(),
  });
  orchestration.grantConsumeApprovalRequests(portalRole);
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
          DENY_WITHOUT_TLS,
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
    expect(stack.resolve(orchestration.approvalQueue!.queueArn)).toEqual({
      'Fn::GetAtt': [approvalQueue, 'Arn'],
    });
  });

  it("grants the portal's role reading and deleting approval requests from the queue only", () => {
    const approvalQueue = Object.keys(
      template.findResources('AWS::SQS::Queue', {
        Properties: { QueueName: 'agent-mesh-demo-approvals' },
      }),
    )[0];
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^PortalRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: Match.arrayWith([
              'sqs:ReceiveMessage',
              'sqs:DeleteMessage',
            ]),
            Resource: { 'Fn::GetAtt': [approvalQueue, 'Arn'] },
          }),
        ],
      },
    });
  });

  it('has no approval queue without the approval gate', () => {
    // GIVEN an orchestration without the gate
    const other = meshFixture({ meshId: 'solo', stackName: 'NoGate' });
    const noGate = addOrchestration(other, { approvalGate: false });
    // THEN nothing receives approval requests, and nothing can be granted on them
    expect(noGate.approvalQueue).toBeUndefined();
    expect(() =>
      noGate.grantConsumeApprovalRequests(new iam.AccountRootPrincipal()),
    ).toThrow(/no approval gate, so there is no approval queue/);
    expect(
      Template.fromStack(other.stack).findResources('AWS::SQS::Queue', {
        Properties: { QueueName: 'agent-mesh-solo-approvals' },
      }),
    ).toEqual({});
  });

  it('refuses an unknown execute approval policy, naming the field and the allowed values', () => {
    const other = meshFixture({ meshId: 'bad', stackName: 'Bad' });
    expect(() =>
      addOrchestration(other, { approvals: { execute: 'never' as any } }),
    ).toThrow(
      /approvals\.execute: "never" is not an approval policy; use one of always, on-critic-request/,
    );
  });

  it("writes each agent's initial lane item only if absent", () => {
    const writes = template.findResources('Custom::AWS');
    const creates = Object.values(writes).map(r =>
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
