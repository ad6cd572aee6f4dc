import {
  AGENT_MESH_TAGS,
  AWS_NAME_LIMITS,
  agentResourceName,
  boundedName,
  meshResourceNames,
} from '@agent-mesh/mesh-model';
import { Duration } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AgentCompute } from '../compute/agent-compute';
import { pascalCase } from '../naming/pascal-case';
import { stepTaskFamily, taskFamily } from '../naming/task-families';
import { WORKFLOW_ERRORS } from '../orchestration/state-names';
import {
  checkEmail,
  checkMeshId,
  checkPositive,
} from '../validation/mesh-rules';
import { PropsErrors } from '../validation/props-errors';

/**
 * Props of {@link AgentObservability}.
 *
 * @public
 */
export interface AgentObservabilityProps {
  /** The mesh id; alarm names start with its alarm prefix. */
  readonly meshId: string;
  /** State machines to alarm on, by a short name used in alarm names (e.g. `{ orchestration: sm }`). */
  readonly stateMachines: Readonly<Record<string, sfn.IStateMachine>>;
  /**
   * The subtask dead-letter queue, alarmed on (`subtasks-dlq-depth`) and graphed.
   * @default none: a mesh without the subtask queue (no `execute` lane) has no dead-letter queue to watch
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /** The mesh bus, which receives the agents' task-failure events. */
  readonly eventBus: events.IEventBus;
  /** The compute whose agents get a task-failure alarm each. */
  readonly compute: AgentCompute;
  /** The monthly budget in USD for everything tagged with this mesh. */
  readonly monthlyBudgetUsd: number;
  /**
   * The topic alarms (on ALARM and on OK) and the budget notify, e.g. a {@link MeshAlarmTopic}'s. AWS Budgets
   * must be allowed to publish to it.
   * @default no topic: alarms have no actions, and the budget e-mails `alarmEmail`
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * An e-mail address the budget notifies directly when there is no `alarmTopic` (subscribe it to the topic
   * otherwise, as `MeshAlarmTopic` does).
   * @default nobody
   */
  readonly alarmEmail?: string;
  /**
   * Add per-agent, cluster and table widgets to the dashboard.
   * @default false
   */
  readonly detailedDashboard?: boolean;
  /**
   * More widgets for the dashboard (for example the ML database's).
   * @default none
   */
  readonly extraWidgets?: readonly cloudwatch.IWidget[];
}

/**
 * The Fail errors that end a run on a normal outcome (the critic or the approver said no, or nobody approved in
 * time): runs failing with them are not alarmed on.
 *
 * @public
 */
export const EXPECTED_RUN_ERRORS: readonly string[] = [
  WORKFLOW_ERRORS.criticRejected,
  WORKFLOW_ERRORS.approvalRejected,
  WORKFLOW_ERRORS.approvalTimedOut,
];

/**
 * Alarms that exist for every failure mode the portal shows (failed, timed-out and throttled runs,
 * DLQ depth, agent task failures), the monthly budget, and a dashboard.
 *
 * @public
 */
export class AgentObservability extends Construct {
  /** Every alarm, each named with the alarm prefix. */
  public readonly alarms: readonly cloudwatch.IAlarm[];
  /** The dashboard `agent-mesh-<meshId>`. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The monthly cost budget of everything tagged with the mesh. */
  public readonly budget: budgets.CfnBudget;
  /** The topic alarms and the budget notify, when one was given. */
  public readonly topic?: sns.ITopic;
  /** `agent-mesh-<meshId>/`, the start of every alarm name: `/` cannot occur in a mesh id, so mesh `billing` never reads the alarms of `billing-dev`. */
  public readonly alarmPrefix: string;

  constructor(scope: Construct, id: string, props: AgentObservabilityProps) {
    super(scope, id);
    const errors = new PropsErrors('AgentObservability');
    checkMeshId(errors, 'meshId', props.meshId);
    errors.check(
      props.monthlyBudgetUsd !== undefined,
      'monthlyBudgetUsd',
      'is required (a number greater than 0)',
    );
    checkPositive(errors, 'monthlyBudgetUsd', props.monthlyBudgetUsd);
    errors.check(
      Object.keys(props.stateMachines).length > 0,
      'stateMachines',
      'must name at least one state machine',
    );
    checkEmail(errors, 'alarmEmail', props.alarmEmail);
    errors.throwIfAny();

    const names = meshResourceNames(props.meshId);
    this.alarmPrefix = names.alarmPrefix;
    this.topic = props.alarmTopic;
    const alarms: cloudwatch.Alarm[] = [];
    const alarm = (
      alarmId: string,
      name: string,
      metric: cloudwatch.IMetric,
      description: string,
    ) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        alarmName: `${names.alarmPrefix}${name}`,
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator:
          cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (this.topic) {
        a.addAlarmAction(new cwActions.SnsAction(this.topic));
        a.addOkAction(new cwActions.SnsAction(this.topic));
      }
      alarms.push(a);
      return a;
    };

    const period = Duration.minutes(5);
    for (const [short, sm] of Object.entries(props.stateMachines)) {
      const p = pascalCase(short);
      alarm(
        `${p}Failed`,
        `${short}-executions-failed`,
        this.unexpectedFailureMetric(props, short, sm, names.prefix),
        `A ${short} run failed with an unexpected error (not ${EXPECTED_RUN_ERRORS.join(
          ', ',
        )})`,
      );
      alarm(
        `${p}TimedOut`,
        `${short}-executions-timed-out`,
        sm.metricTimedOut({ period }),
        `A ${short} run timed out`,
      );
      alarm(
        `${p}Throttled`,
        `${short}-executions-throttled`,
        sm.metricThrottled({ period }),
        `${short} runs are being throttled`,
      );
    }
    if (props.deadLetterQueue) {
      alarm(
        'DeadLetterDepth',
        'subtasks-dlq-depth',
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period,
          statistic: 'Maximum',
        }),
        'Subtasks could not be processed and wait in the dead-letter queue',
      );
    }

    const taskFailureMetrics: Record<string, cloudwatch.IMetric> = {};
    for (const agent of props.compute.agents) {
      const metric = this.taskFailureMetric(props, agent);
      taskFailureMetrics[agent] = metric;
      alarm(
        `Agent${pascalCase(agent)}TaskFailures`,
        `agent-${agent}-task-failures`,
        metric,
        `A task of the ${agent} agent exited with a non-zero code`,
      );
    }
    alarm(
      'TasksFailedToStart',
      'tasks-failed-to-start',
      this.failedToStartMetric(props, names.prefix),
      'An agent task never started (TaskFailedToStart, e.g. CannotPullContainerError)',
    );
    this.alarms = alarms;

    this.budget = this.createBudget(props, `${names.prefix}-monthly-budget`);
    this.dashboard = this.createDashboard(
      props,
      names.dashboard,
      taskFailureMetrics,
    );
  }

  /**
   * ECS emits no per-family failure metric, so a rule matches this agent's stopped tasks with a
   * non-zero exit code and forwards them to the mesh bus (where the portal sees them); the rule's TriggeredRules count is the metric.
   */
  private taskFailureMetric(
    props: AgentObservabilityProps,
    agent: string,
  ): cloudwatch.IMetric {
    const families = props.compute.lanes.map(lane =>
      taskFamily(props.meshId, agent, lane),
    );
    if (agent === 'conductor')
      families.push(stepTaskFamily(props.meshId, 'plan'));
    if (agent === 'critic')
      families.push(stepTaskFamily(props.meshId, 'review'));
    const ruleName = agentResourceName(
      props.meshId,
      agent,
      'task-failed',
      AWS_NAME_LIMITS.eventRule,
    );
    return this.forwardedRuleMetric(
      props,
      `Agent${pascalCase(agent)}TaskFailedRule`,
      {
        ruleName,
        description: `Stopped tasks of the ${agent} agent with a non-zero exit code`,
        eventPattern: stoppedTasks(props, {
          group: families.map(f => `family:${f}`),
          containers: { exitCode: [{ 'anything-but': 0 }] },
        }),
      },
    );
  }

  /**
   * A rule matching `eventPattern` on the default bus, forwarding what it matches to the mesh bus (so it is
   * archived and visible to the portal); its `TriggeredRules` count is the metric an alarm watches.
   */
  private forwardedRuleMetric(
    props: AgentObservabilityProps,
    id: string,
    rule: events.RuleProps & { ruleName: string },
  ): cloudwatch.IMetric {
    new events.Rule(this, id, rule).addTarget(
      new targets.EventBus(props.eventBus),
    );
    return triggeredRules(rule.ruleName);
  }

  /**
   * A rule on the default bus matching failed runs of `sm` whose error is not one of {@link EXPECTED_RUN_ERRORS}
   * (`ExecutionsFailed` counts those too), forwarded to the mesh bus; its TriggeredRules count is the metric.
   */
  private unexpectedFailureMetric(
    props: AgentObservabilityProps,
    short: string,
    sm: sfn.IStateMachine,
    prefix: string,
  ): cloudwatch.IMetric {
    const ruleName = boundedName(
      `${prefix}-${short}-unexpected-failure`,
      AWS_NAME_LIMITS.eventRule,
    );
    return this.forwardedRuleMetric(
      props,
      `${pascalCase(short)}UnexpectedFailureRule`,
      {
        ruleName,
        description: `Failed ${short} runs, except normal outcomes (${EXPECTED_RUN_ERRORS.join(
          ', ',
        )})`,
        eventPattern: {
          source: ['aws.states'],
          detailType: ['Step Functions Execution Status Change'],
          detail: {
            stateMachineArn: [sm.stateMachineArn],
            status: ['FAILED'],
            error: [{ 'anything-but': [...EXPECTED_RUN_ERRORS] }],
          },
        },
      },
    );
  }

  /**
   * A rule matching the mesh's tasks that stopped before running (`stopCode: TaskFailedToStart`, or an image
   * pull error): they have no exit code, so the per-agent rule does not see them.
   */
  private failedToStartMetric(
    props: AgentObservabilityProps,
    prefix: string,
  ): cloudwatch.IMetric {
    const ruleName = boundedName(
      `${prefix}-task-failed-to-start`,
      AWS_NAME_LIMITS.eventRule,
    );
    return this.forwardedRuleMetric(props, 'TaskFailedToStartRule', {
      ruleName,
      description:
        'Agent tasks that never started (TaskFailedToStart, CannotPullContainerError)',
      eventPattern: stoppedTasks(props, {
        $or: [
          { stopCode: ['TaskFailedToStart'] },
          { stoppedReason: [{ wildcard: '*CannotPullContainerError*' }] },
        ],
      }),
    });
  }

  private createBudget(
    props: AgentObservabilityProps,
    budgetName: string,
  ): budgets.CfnBudget {
    const subscribers: budgets.CfnBudget.SubscriberProperty[] = [];
    if (this.topic) {
      subscribers.push({
        subscriptionType: 'SNS',
        address: this.topic.topicArn,
      });
    } else if (props.alarmEmail) {
      subscribers.push({
        subscriptionType: 'EMAIL',
        address: props.alarmEmail,
      });
    }
    const notify = (
      notificationType: 'ACTUAL' | 'FORECASTED',
      threshold: number,
    ) => ({
      notification: {
        notificationType,
        comparisonOperator: 'GREATER_THAN',
        threshold,
        thresholdType: 'PERCENTAGE',
      },
      subscribers,
    });
    return new budgets.CfnBudget(this, 'MonthlyBudget', {
      budget: {
        budgetName,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyBudgetUsd, unit: 'USD' },
        costFilters: {
          TagKeyValue: [`user:${AGENT_MESH_TAGS.mesh}$${props.meshId}`],
        },
      },
      notificationsWithSubscribers:
        subscribers.length > 0
          ? [notify('ACTUAL', 80), notify('FORECASTED', 100)]
          : undefined,
    });
  }

  private createDashboard(
    props: AgentObservabilityProps,
    name: string,
    taskFailures: Record<string, cloudwatch.IMetric>,
  ): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: name,
    });
    const runs = Object.entries(props.stateMachines).map(
      ([short, sm]) =>
        new cloudwatch.GraphWidget({
          title: `${short} runs`,
          left: [
            sm.metricStarted(),
            sm.metricSucceeded(),
            sm.metricFailed(),
            sm.metricTimedOut(),
          ],
          width: 12,
        }),
    );
    dashboard.addWidgets(...runs);
    dashboard.addWidgets(
      ...(props.deadLetterQueue
        ? [
            new cloudwatch.GraphWidget({
              title: 'Subtask dead-letter queue',
              left: [
                props.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
              ],
              width: 12,
            }),
          ]
        : []),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...this.alarms],
        width: 12,
      }),
    );
    if (props.detailedDashboard) {
      const cluster = props.compute.cluster.clusterName;
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Agent task failures',
          left: Object.entries(taskFailures).map(([agent, m]) =>
            (m as cloudwatch.Metric).with({ label: agent }),
          ),
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: 'Agent cluster CPU and memory',
          left: [
            new cloudwatch.Metric({
              namespace: 'ECS/ContainerInsights',
              metricName: 'CpuUtilized',
              dimensionsMap: { ClusterName: cluster },
            }),
          ],
          right: [
            new cloudwatch.Metric({
              namespace: 'ECS/ContainerInsights',
              metricName: 'MemoryUtilized',
              dimensionsMap: { ClusterName: cluster },
            }),
          ],
          width: 12,
        }),
      );
    }
    if (props.extraWidgets && props.extraWidgets.length > 0) {
      dashboard.addWidgets(...props.extraWidgets);
    }
    return dashboard;
  }
}

/** ECS tasks of the mesh's cluster that stopped, narrowed by `detail`. */
function stoppedTasks(
  props: AgentObservabilityProps,
  detail: Record<string, unknown>,
): events.EventPattern {
  return {
    source: ['aws.ecs'],
    detailType: ['ECS Task State Change'],
    detail: {
      clusterArn: [props.compute.cluster.clusterArn],
      lastStatus: ['STOPPED'],
      ...detail,
    },
  };
}

/** How many times the rule `ruleName` matched in 5 minutes. */
function triggeredRules(ruleName: string): cloudwatch.IMetric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Events',
    metricName: 'TriggeredRules',
    dimensionsMap: { RuleName: ruleName },
    statistic: 'Sum',
    period: Duration.minutes(5),
  });
}
