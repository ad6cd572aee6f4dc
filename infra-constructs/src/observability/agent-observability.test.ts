import { Match, Template } from 'aws-cdk-lib/assertions';
import { addOrchestration, meshFixture } from '../testing/mesh-fixture';
import { MeshAlarmTopic } from './alarm-topic';
import { AgentObservability } from './agent-observability';

function build(withTopic: boolean) {
  const fixture = meshFixture();
  const { stack, bus, compute } = fixture;
  const orchestration = addOrchestration(fixture);
  const alarmTopic = withTopic
    ? new MeshAlarmTopic(stack, 'AlarmTopic', {
        meshId: 'demo',
        email: 'ops@example.com',
      }).topic
    : undefined;
  new AgentObservability(stack, 'Observability', {
    meshId: 'demo',
    stateMachines: { orchestration: orchestration.stateMachine },
    deadLetterQueue: bus.deadLetterQueue,
    eventBus: bus.eventBus,
    compute,
    monthlyBudgetUsd: 250,
    alarmTopic,
    alarmEmail: 'ops@example.com',
  });
  return Template.fromStack(stack);
}

describe('AgentObservability', () => {
  const template = build(true);

  it.each(['timed-out', 'throttled'])(
    'alarms on %s runs, named with the alarm prefix',
    kind => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `agent-mesh-demo/orchestration-executions-${kind}`,
        Namespace: 'AWS/States',
        Threshold: 1,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
      });
    },
  );

  it('alarms on failed runs only when the error is not a normal outcome', () => {
    // THEN the failed-runs alarm counts a default-bus rule, not the raw ExecutionsFailed metric
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'agent-mesh-demo/orchestration-executions-failed',
      Namespace: 'AWS/Events',
      MetricName: 'TriggeredRules',
      Dimensions: [
        {
          Name: 'RuleName',
          Value: 'agent-mesh-demo-orchestration-unexpected-failure',
        },
      ],
      Threshold: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
    const rules = template.findResources('AWS::Events::Rule', {
      Properties: { Name: 'agent-mesh-demo-orchestration-unexpected-failure' },
    });
    const [rule] = Object.values(rules);
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        stateMachineArn: [{ Ref: expect.stringMatching(/^Orchestration/) }],
        status: ['FAILED'],
        error: [
          {
            'anything-but': [
              'AgentMesh.CriticRejected',
              'AgentMesh.ApprovalRejected',
              'AgentMesh.ApprovalTimedOut',
            ],
          },
        ],
      },
    });
    // AND no alarm watches ExecutionsFailed directly
    expect(
      JSON.stringify(template.findResources('AWS::CloudWatch::Alarm')),
    ).not.toContain('ExecutionsFailed');
  });

  it('alarms on agent tasks that never start', () => {
    // THEN a rule matches TaskFailedToStart and image pull errors on the mesh cluster
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'agent-mesh-demo-task-failed-to-start',
      EventPattern: {
        source: ['aws.ecs'],
        'detail-type': ['ECS Task State Change'],
        detail: {
          clusterArn: [Match.anyValue()],
          lastStatus: ['STOPPED'],
          $or: [
            { stopCode: ['TaskFailedToStart'] },
            { stoppedReason: [{ wildcard: '*CannotPullContainerError*' }] },
          ],
        },
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'agent-mesh-demo/tasks-failed-to-start',
      MetricName: 'TriggeredRules',
      Dimensions: [
        { Name: 'RuleName', Value: 'agent-mesh-demo-task-failed-to-start' },
      ],
    });
  });

  it("alarms on DLQ depth and on each agent's task failures", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'agent-mesh-demo/subtasks-dlq-depth',
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'agent-mesh-demo/agent-critic-task-failures',
      Namespace: 'AWS/Events',
      MetricName: 'TriggeredRules',
      Dimensions: [
        { Name: 'RuleName', Value: 'agent-mesh-demo-critic-task-failed' },
      ],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'agent-mesh-demo-critic-task-failed',
      EventPattern: Match.objectLike({
        detail: Match.objectLike({
          group: [
            'family:agent-mesh-demo-critic-read_only',
            'family:agent-mesh-demo-critic-dry_run',
            'family:agent-mesh-demo-critic-execute',
            'family:agent-mesh-demo-critic-review',
          ],
          containers: { exitCode: [{ 'anything-but': 0 }] },
        }),
      }),
    });
  });

  it('creates the monthly budget filtered by the mesh tag, notifying the topic', () => {
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({
        BudgetName: 'agent-mesh-demo-monthly-budget',
        BudgetLimit: { Amount: 250, Unit: 'USD' },
        CostFilters: { TagKeyValue: ['user:agent-mesh:mesh$demo'] },
      }),
      NotificationsWithSubscribers: Match.arrayWith([
        Match.objectLike({
          Subscribers: [
            {
              SubscriptionType: 'SNS',
              Address: { Ref: Match.stringLikeRegexp('AlarmTopic') },
            },
          ],
        }),
      ]),
    });
  });

  it('encrypts the alarm topic with a key CloudWatch may use, and enforces TLS', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'agent-mesh-demo-alarms',
      KmsMasterKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('creates the dashboard named by convention', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'agent-mesh-demo',
    });
  });

  it('without a topic, the budget e-mails directly and alarms have no actions', () => {
    const basic = build(false);
    basic.resourceCountIs('AWS::SNS::Topic', 0);
    for (const alarm of Object.values(
      basic.findResources('AWS::CloudWatch::Alarm'),
    )) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
    basic.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: Match.arrayWith([
        Match.objectLike({
          Subscribers: [
            { SubscriptionType: 'EMAIL', Address: 'ops@example.com' },
          ],
        }),
      ]),
    });
  });

  it('alarms on the subtask dead-letter queue only where one exists', () => {
    // GIVEN the fixture's bus with all lanes, and a bus without the execute lane (no queue)
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'agent-mesh-demo/subtasks-dlq-depth',
    });
    const fixture = meshFixture({
      stackName: 'NoQueue',
      compute: { lanes: ['read_only', 'dry_run'] },
    });
    const { stack, bus, compute } = fixture;
    const orchestration = addOrchestration(fixture, { approvalGate: false });
    // WHEN observability is added without a dead-letter queue
    new AgentObservability(stack, 'Observability', {
      meshId: 'demo',
      stateMachines: { orchestration: orchestration.stateMachine },
      eventBus: bus.eventBus,
      compute,
      monthlyBudgetUsd: 50,
    });
    // THEN there is no DLQ-depth alarm
    expect(
      Object.values(
        Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'),
      )
        .map(a => a.Properties.AlarmName)
        .filter(name => String(name).includes('dlq')),
    ).toEqual([]);
  });

  it('refuses a budget of zero', () => {
    const { stack, bus, compute } = meshFixture({ stackName: 'X' });
    expect(
      () =>
        new AgentObservability(stack, 'O', {
          meshId: 'demo',
          stateMachines: {},
          deadLetterQueue: bus.deadLetterQueue,
          eventBus: bus.eventBus,
          compute,
          monthlyBudgetUsd: 0,
        }),
    ).toThrow(
      /monthlyBudgetUsd: must be a number greater than 0[\s\S]*stateMachines: must name at least one/,
    );
  });
});
