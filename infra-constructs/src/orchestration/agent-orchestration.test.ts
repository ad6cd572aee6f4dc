import * as iam from 'aws-cdk-lib/aws-iam';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Duration } from 'aws-cdk-lib';
import { definitionOf } from '../testing/definitions';
import { DENY_WITHOUT_TLS } from '../testing/matchers';
import { addOrchestration, meshFixture } from '../testing/mesh-fixture';
import { ECS_START_ERRORS } from './lane-task-states';
import { RUN_ITEMS } from './run-items';
import { CONDUCTOR_STATES as S, executeStateName } from './state-names';

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

  it('lets the workflow tag the tasks it starts with PropagateTags, and only at RunTask', () => {
    // THEN the role may ecs:TagResource this cluster's tasks, only as part of RunTask
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ecs:TagResource',
            Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
            Resource: {
              'Fn::Join': [
                '',
                Match.arrayWith([Match.stringLikeRegexp(':task/')]),
              ],
            },
          }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('StateMachineRole') }],
    });
  });

  it('passes the task, plan and review to the containers by key, never inline in container overrides', () => {
    const definition = definitionOf(
      stack,
      template,
      'agent-mesh-demo-orchestration',
    );
    // THEN the workflow writes each part to the KV table under the run's key
    for (const [state, part, path] of [
      [S.storeRunTask, 'task', '$.task'],
      [S.storePlan, 'plan', '$.plan'],
      [S.storeReview, 'review', '$.review'],
    ]) {
      expect(definition.States[state]).toMatchObject({
        Resource: expect.stringMatching(/:::dynamodb:putItem$/),
        Parameters: {
          Item: {
            pk: { 'S.$': "States.Format('run#{}', $$.Execution.Name)" },
            sk: { S: part },
            body: { 'S.$': `States.JsonToString(${path})` },
          },
        },
      });
    }
    // AND the plan, review and execute tasks get only the run's key and small, bounded values
    const overrides = [S.plan, S.criticReview, executeStateName('execute')].map(
      name =>
        definition.States[name].Parameters.Overrides.ContainerOverrides[0]
          .Environment as Array<Record<string, string>>,
    );
    for (const environment of overrides) {
      const names = environment.map(e => e.Name);
      expect(names).toContain(RUN_ITEMS.keyVariable);
      expect(names).not.toContain('AGENT_MESH_TASK');
      expect(names).not.toContain('AGENT_MESH_PLAN');
      expect(JSON.stringify(environment)).not.toMatch(
        /\$\.(task|plan|review)\b/,
      );
    }
  });

  it('gives the plan and review steps a heartbeat, retries only ECS start failures, and tags their tasks', () => {
    const definition = definitionOf(
      stack,
      template,
      'agent-mesh-demo-orchestration',
    );
    for (const name of [S.plan, S.criticReview]) {
      const state = definition.States[name];
      // THEN a dead container fails the step after 5 minutes without a heartbeat, not after 30
      expect(state.HeartbeatSeconds).toBe(300);
      expect(state.TimeoutSeconds).toBe(1800);
      expect(state.Parameters.PropagateTags).toBe('TASK_DEFINITION');
      const retried = state.Retry.flatMap((r: any) => r.ErrorEquals);
      expect(retried).toEqual([...ECS_START_ERRORS]);
      for (const notRetried of [
        'States.ALL',
        'States.TaskFailed',
        'States.HeartbeatTimeout',
        'States.Timeout',
      ])
        expect(retried).not.toContain(notRetried);
      expect(state.Catch).toEqual([
        expect.objectContaining({
          ErrorEquals: ['States.ALL'],
          Next: S.markRunFailed,
        }),
      ]);
    }
  });

  it('tags the plan and review task definitions with their agent', () => {
    for (const [family, agent] of [
      ['agent-mesh-demo-conductor-plan', 'conductor'],
      ['agent-mesh-demo-critic-review', 'critic'],
    ]) {
      const [definition] = Object.values(
        template.findResources('AWS::ECS::TaskDefinition', {
          Properties: { Family: Match.stringLikeRegexp(family) },
        }),
      );
      const tags = Object.fromEntries(
        (
          definition.Properties.Tags as Array<{ Key: string; Value: string }>
        ).map(t => [t.Key, t.Value]),
      );
      expect(tags).toMatchObject({ 'agent-mesh:agent': agent });
    }
  });

  it('gives both state machines an overall timeout derived from the step, approval and execute timeouts', () => {
    // THEN plan + review (30 min each) + approval (24 h) + execute (1 h) + 30 min margin
    expect(
      definitionOf(stack, template, 'agent-mesh-demo-orchestration')
        .TimeoutSeconds,
    ).toBe(2 * 1800 + 86400 + 3600 + 1800);
    expect(
      definitionOf(stack, template, 'agent-mesh-demo-sweeper').TimeoutSeconds,
    ).toBe(3600 + 1800);
    // AND WHEN the limits are given THEN they are used
    const other = meshFixture({ meshId: 'timed', stackName: 'Timed' });
    addOrchestration(other, {
      approvalGate: false,
      stepTimeout: Duration.minutes(10),
      executeTimeout: Duration.minutes(20),
    });
    addOrchestration(meshFixture({ meshId: 'given', stackName: 'Given' }), {
      runTimeout: Duration.hours(3),
    });
    const timed = Template.fromStack(other.stack);
    expect(
      definitionOf(other.stack, timed, 'agent-mesh-timed-orchestration')
        .TimeoutSeconds,
    ).toBe(2 * 600 + 1200 + 1800);
  });

  it('refuses a heartbeat that is not shorter than the step timeout', () => {
    const other = meshFixture({ meshId: 'beat', stackName: 'Beat' });
    expect(() =>
      addOrchestration(other, {
        stepTimeout: Duration.minutes(5),
        stepHeartbeat: Duration.minutes(5),
      }),
    ).toThrow(/stepHeartbeat: must be shorter than stepTimeout \(300 s\)/);
  });

  it('queues subtasks only where the execute lane consumes them', () => {
    // GIVEN a mesh whose agents only read and dry-run
    const other = meshFixture({
      meshId: 'nox',
      stackName: 'NoExecute',
      compute: { lanes: ['read_only', 'dry_run'] },
    });
    addOrchestration(other, { approvalGate: false });
    const noExecute = Template.fromStack(other.stack);
    // THEN its conductor queues nothing, and its role may not send to the subtask queue
    const definition = definitionOf(
      other.stack,
      noExecute,
      'agent-mesh-nox-orchestration',
    );
    expect(definition.States[S.queueSubtasks]).toBeUndefined();
    expect(definition.States[S.recordTimeline].Next).toBe(S.criticReview);
    const workflowPolicies = noExecute.findResources('AWS::IAM::Policy', {
      Properties: {
        Roles: [
          { Ref: Match.stringLikeRegexp('OrchestrationStateMachineRole') },
        ],
      },
    });
    expect(Object.keys(workflowPolicies).length).toBeGreaterThan(0);
    expect(JSON.stringify(workflowPolicies)).not.toContain('sqs:');
    // AND the medium-like fixture above still queues them
    expect(
      definitionOf(stack, template, 'agent-mesh-demo-orchestration').States[
        S.queueSubtasks
      ],
    ).toBeDefined();
    expect(() =>
      addOrchestration(
        meshFixture({
          meshId: 'force',
          stackName: 'Force',
          compute: { lanes: ['read_only'] },
        }),
        { queueSubtasks: true },
      ),
    ).toThrow(/queueSubtasks: needs the execute lane/);
  });
});
