import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { AgentBus } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import { loadLaneStates, runInLaneState } from './lane-task-states';
import {
  APPROVAL_REQUESTED_DETAIL_TYPE,
  CONDUCTOR_STATES as S,
  ORCHESTRATION_EVENT_SOURCE,
  WORKFLOW_ERRORS,
  executeStateName,
} from './state-names';

export interface ConductorWorkflowOptions {
  readonly meshId: string;
  readonly bus: AgentBus;
  readonly compute: AgentCompute;
  readonly approvalGate: boolean;
  readonly approvalTimeout: Duration;
  readonly stepTimeout: Duration;
  readonly executeTimeout: Duration;
}

const S_ = (value: string) => tasks.DynamoAttributeValue.fromString(value);

/**
 * The conductor workflow: load lane, plan, record a timeline entry, queue subtasks, critic review,
 * approval gate, execute in the agent's lane, sweeper cleanup. Input: `{ agent, task }`.
 */
export function conductorWorkflow(
  scope: Construct,
  o: ConductorWorkflowOptions,
): sfn.IChainable {
  const { bus, compute } = o;
  const timelineKey = {
    pk: S_(
      sfn.JsonPath.format('timeline#{}', sfn.JsonPath.stringAt('$.agent')),
    ),
    sk: S_(sfn.JsonPath.stringAt('$$.Execution.Name')),
  };

  const runFailed = new sfn.Fail(scope, S.runFailed, {
    error: WORKFLOW_ERRORS.runFailed,
    cause: "A step of the run failed; see MarkRunFailed's input for the error",
  });
  const markRunFailed = new tasks.DynamoUpdateItem(scope, S.markRunFailed, {
    table: bus.table,
    key: timelineKey,
    updateExpression: 'SET #status = :failed, #error = :error',
    expressionAttributeNames: { '#status': 'status', '#error': 'error' },
    expressionAttributeValues: {
      ':failed': S_('failed'),
      ':error': S_(sfn.JsonPath.stringAt('$.error.Error')),
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  markRunFailed.addCatch(runFailed, { resultPath: '$.markError' });
  markRunFailed.next(runFailed);
  const onFailure = { resultPath: '$.error' };

  const lane = loadLaneStates(
    scope,
    bus,
    {
      load: S.loadLane,
      known: S.laneKnown,
      stored: S.useStoredLane,
      fallback: S.defaultToReadOnly,
    },
    '$.agent',
  );
  lane.start.addCatch(markRunFailed, onFailure);

  const stepRun = (
    id: string,
    step: 'plan' | 'review',
    resultPath: string,
    extra: tasks.TaskEnvironmentVariable[],
  ) => {
    const taskDefinition = compute.stepTaskDefinitions[step];
    if (!taskDefinition) {
      throw new Error(
        `AgentOrchestration needs AgentCompute with workflowSteps enabled (missing the ${step} step)`,
      );
    }
    const state = new tasks.EcsRunTask(scope, id, {
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      cluster: compute.cluster,
      taskDefinition,
      launchTarget: new tasks.EcsFargateLaunchTarget({
        platformVersion: ecs.FargatePlatformVersion.LATEST,
        capacityProviderOptions: tasks.CapacityProviderOptions.custom(
          compute.capacityProviderStrategy('step'),
        ),
      }),
      subnets: compute.taskSubnets,
      securityGroups: [compute.securityGroup],
      assignPublicIp: compute.assignPublicIp,
      containerOverrides: [
        {
          containerDefinition: taskDefinition.defaultContainer!,
          environment: [
            { name: 'AGENT_MESH_TASK_TOKEN', value: sfn.JsonPath.taskToken },
            {
              name: 'AGENT_MESH_TARGET_AGENT',
              value: sfn.JsonPath.stringAt('$.agent'),
            },
            {
              name: 'AGENT_MESH_TARGET_LANE',
              value: sfn.JsonPath.stringAt('$.lane'),
            },
            {
              name: 'AGENT_MESH_TASK',
              value: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.task')),
            },
            ...extra,
          ],
        },
      ],
      taskTimeout: sfn.Timeout.duration(o.stepTimeout),
      resultPath,
    });
    state.addCatch(markRunFailed, onFailure);
    return state;
  };

  const plan = stepRun(S.plan, 'plan', '$.plan', []);

  const recordTimeline = new tasks.DynamoPutItem(scope, S.recordTimeline, {
    table: bus.table,
    item: {
      ...timelineKey,
      lane: S_(sfn.JsonPath.stringAt('$.lane')),
      status: S_('planned'),
      executionId: S_(sfn.JsonPath.stringAt('$$.Execution.Id')),
      startedAt: S_(sfn.JsonPath.stringAt('$$.Execution.StartTime')),
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  recordTimeline.addCatch(markRunFailed, onFailure);

  const sendSubtask = new tasks.SqsSendMessage(scope, S.sendSubtask, {
    queue: bus.subtaskQueue,
    messageBody: sfn.TaskInput.fromJsonPathAt('$'),
  });
  const queueSubtasks = new sfn.Map(scope, S.queueSubtasks, {
    itemsPath: '$.plan.subtasks',
    maxConcurrency: 10,
    itemSelector: {
      'subtask.$': '$$.Map.Item.Value',
      'agent.$': '$.agent',
      'executionId.$': '$$.Execution.Id',
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  queueSubtasks.itemProcessor(sendSubtask);
  queueSubtasks.addCatch(markRunFailed, onFailure);

  const review = stepRun(S.criticReview, 'review', '$.review', [
    {
      name: 'AGENT_MESH_PLAN',
      value: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.plan')),
    },
  ]);

  const criticRejected = new sfn.Fail(scope, S.criticRejected, {
    error: WORKFLOW_ERRORS.criticRejected,
    cause: 'The critic rejected the plan',
  });
  const approvalRejected = new sfn.Fail(scope, S.approvalRejected, {
    error: WORKFLOW_ERRORS.approvalRejected,
    cause: 'A person rejected the run at the approval gate',
  });
  const unknownLane = new sfn.Fail(scope, S.unknownLane, {
    error: WORKFLOW_ERRORS.unknownLane,
    cause:
      "The agent's lane item names a lane this mesh has no task definition for",
  });

  const sweeperCleanup = new tasks.DynamoUpdateItem(scope, S.sweeperCleanup, {
    table: bus.table,
    key: timelineKey,
    updateExpression: 'SET #status = :succeeded, taskArn = :taskArn',
    expressionAttributeNames: { '#status': 'status' },
    expressionAttributeValues: {
      ':succeeded': S_('succeeded'),
      ':taskArn': S_(sfn.JsonPath.stringAt('$.execution.taskArn')),
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  sweeperCleanup.addCatch(markRunFailed, onFailure);
  sweeperCleanup.next(new sfn.Succeed(scope, S.runSucceeded));

  const checkExitCode = new sfn.Choice(scope, S.checkExitCode)
    .when(sfn.Condition.numberEquals('$.execution.exitCode', 0), sweeperCleanup)
    .otherwise(
      new sfn.Pass(scope, 'TaskExitedNonZero', {
        parameters: {
          Error: 'AgentMesh.TaskExitedNonZero',
          'Cause.$': "States.Format('exit code {}', $.execution.exitCode)",
        },
        resultPath: '$.error',
      }).next(markRunFailed),
    );

  const selectLane = new sfn.Choice(scope, S.selectLane);
  for (const l of compute.lanes) {
    const execute = runInLaneState(scope, executeStateName(l), {
      meshId: o.meshId,
      compute,
      lane: l,
      taskInputPath: '$.task',
      timeout: o.executeTimeout,
    });
    execute.addCatch(markRunFailed, onFailure);
    execute.next(checkExitCode);
    selectLane.when(sfn.Condition.stringEquals('$.lane', l), execute);
  }
  selectLane.otherwise(unknownLane);

  const verdict = new sfn.Choice(scope, S.criticVerdict).when(
    sfn.Condition.stringEquals('$.review.verdict', 'approved'),
    selectLane,
  );
  if (o.approvalGate) {
    verdict.when(
      sfn.Condition.stringEquals('$.review.verdict', 'needs_approval'),
      approvalGate(scope, o, {
        selectLane,
        approvalRejected,
        markRunFailed,
        timelineKey,
      }),
    );
  }
  verdict.otherwise(criticRejected);

  lane.afterLane(plan);
  plan.next(recordTimeline).next(queueSubtasks).next(review).next(verdict);
  return lane.start;
}

function approvalGate(
  scope: Construct,
  o: ConductorWorkflowOptions,
  next: {
    selectLane: sfn.Choice;
    approvalRejected: sfn.Fail;
    markRunFailed: sfn.IChainable;
    timelineKey: Record<string, tasks.DynamoAttributeValue>;
  },
): sfn.IChainable {
  const request = new tasks.EventBridgePutEvents(scope, S.requestApproval, {
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    entries: [
      {
        eventBus: o.bus.eventBus,
        source: ORCHESTRATION_EVENT_SOURCE,
        detailType: APPROVAL_REQUESTED_DETAIL_TYPE,
        detail: sfn.TaskInput.fromObject({
          taskToken: sfn.JsonPath.taskToken,
          meshId: o.meshId,
          agent: sfn.JsonPath.stringAt('$.agent'),
          lane: sfn.JsonPath.stringAt('$.lane'),
          executionId: sfn.JsonPath.stringAt('$$.Execution.Id'),
          executionName: sfn.JsonPath.stringAt('$$.Execution.Name'),
          review: sfn.JsonPath.objectAt('$.review'),
          expiresInSeconds: o.approvalTimeout.toSeconds(),
        }),
      },
    ],
    taskTimeout: sfn.Timeout.duration(o.approvalTimeout),
    resultPath: '$.approval',
  });
  const timedOut = new tasks.DynamoUpdateItem(scope, S.recordApprovalTimeout, {
    table: o.bus.table,
    key: next.timelineKey,
    updateExpression: 'SET #status = :timedOut',
    expressionAttributeNames: { '#status': 'status' },
    expressionAttributeValues: {
      ':timedOut': tasks.DynamoAttributeValue.fromString('approval_timed_out'),
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  const approvalTimedOut = new sfn.Fail(scope, S.approvalTimedOut, {
    error: WORKFLOW_ERRORS.approvalTimedOut,
    cause: 'Nobody approved or rejected the run before the approval timeout',
  });
  timedOut.addCatch(approvalTimedOut, { resultPath: '$.markError' });
  timedOut.next(approvalTimedOut);

  request.addCatch(timedOut, {
    errors: [sfn.Errors.TIMEOUT],
    resultPath: '$.error',
  });
  request.addCatch(next.approvalRejected, {
    errors: [WORKFLOW_ERRORS.approvalRejected],
    resultPath: '$.error',
  });
  request.addCatch(next.markRunFailed, { resultPath: '$.error' });

  const decision = new sfn.Choice(scope, S.approvalDecision)
    .when(
      sfn.Condition.stringEquals('$.approval.decision', 'approved'),
      next.selectLane,
    )
    .otherwise(next.approvalRejected);
  request.next(decision);
  return request;
}
