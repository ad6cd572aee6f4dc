import { Lane } from '@agent-mesh/mesh-model';
import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { AgentBus } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import { ExecuteApproval } from './approval-policy';
import {
  loadLaneStates,
  reloadLaneStates,
  runInLaneState,
} from './lane-task-states';
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
  readonly executeApproval: ExecuteApproval;
  readonly approvalTimeout: Duration;
  readonly stepTimeout: Duration;
  readonly executeTimeout: Duration;
}

/**
 * The lanes in which the critic's `approved` alone lets a run go on without a person: they cannot write outside
 * dry-run prefixes. Any other lane, including one the workflow does not know, goes through the gate.
 */
const LANES_APPROVED_BY_CRITIC: readonly Lane[] = ['read_only', 'dry_run'];

const S_ = (value: string) => tasks.DynamoAttributeValue.fromString(value);

/**
 * The conductor workflow: load lane, plan, record a timeline entry, queue subtasks, critic review,
 * approval gate, reload the lane, execute in the agent's lane, sweeper cleanup. Input: `{ agent, task }`.
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
  // The person's reason (SendTaskFailure's cause, caught into $.error) is the run's cause, so the portal and
  // the console show why the run was stopped.
  const approvalRejected = new sfn.Fail(scope, S.approvalRejected, {
    error: WORKFLOW_ERRORS.approvalRejected,
    causePath: '$.error.Cause',
  });
  const unknownLane = new sfn.Fail(scope, S.unknownLane, {
    error: WORKFLOW_ERRORS.unknownLane,
    cause:
      "The agent's lane item names a lane this mesh has no task definition for",
  });

  const sweeperCleanup = new tasks.DynamoUpdateItem(scope, S.sweeperCleanup, {
    table: bus.table,
    key: timelineKey,
    // The lane again: a demotion while the run waited may have lowered it since RecordTimeline.
    updateExpression:
      'SET #status = :succeeded, taskArn = :taskArn, #lane = :lane',
    expressionAttributeNames: { '#status': 'status', '#lane': 'lane' },
    expressionAttributeValues: {
      ':succeeded': S_('succeeded'),
      ':taskArn': S_(sfn.JsonPath.stringAt('$.execution.taskArn')),
      ':lane': S_(sfn.JsonPath.stringAt('$.lane')),
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

  const reloadLane = reloadLaneStates(
    scope,
    bus,
    {
      reload: S.reloadLane,
      compare: S.compareReloadedLane,
      useReloaded: S.useReloadedLane,
    },
    selectLane,
  );
  reloadLane.addCatch(markRunFailed, onFailure);

  const approved = sfn.Condition.stringEquals('$.review.verdict', 'approved');
  const verdict = new sfn.Choice(scope, S.criticVerdict);
  if (o.approvalGate) {
    const gate = approvalGate(scope, o, {
      reloadLane,
      approvalRejected,
      markRunFailed,
      timelineKey,
    });
    if (o.executeApproval === 'always') {
      // The critic is an agent too: its approval alone must not let a run write for real. Only lanes without
      // real writes skip the person; execute, and any lane value this workflow does not know, wait at the gate.
      verdict.when(
        sfn.Condition.and(
          approved,
          sfn.Condition.or(
            ...LANES_APPROVED_BY_CRITIC.map(l =>
              sfn.Condition.stringEquals('$.lane', l),
            ),
          ),
        ),
        reloadLane,
      );
      verdict.when(approved, gate);
    } else {
      verdict.when(approved, reloadLane);
    }
    verdict.when(
      sfn.Condition.stringEquals('$.review.verdict', 'needs_approval'),
      gate,
    );
  } else {
    verdict.when(approved, reloadLane);
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
    reloadLane: sfn.IChainable;
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
      next.reloadLane,
    )
    .otherwise(
      new sfn.Pass(scope, S.approvalNotGranted, {
        parameters: {
          Error: WORKFLOW_ERRORS.approvalRejected,
          Cause: 'The answer at the approval gate was not "approved"',
        },
        resultPath: '$.error',
      }).next(next.approvalRejected),
    );
  request.next(decision);
  return request;
}
