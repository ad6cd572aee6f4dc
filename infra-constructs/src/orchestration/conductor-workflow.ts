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
  ecsStartRetry,
  loadLaneStates,
  reloadLaneStates,
  runInLaneState,
} from './lane-task-states';
import { RUN_EXPIRY_PATH, runExpiryStates } from './run-expiry';
import { RUN_ITEMS, RunItemPart } from './run-items';
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
  readonly stepHeartbeat: Duration;
  readonly executeTimeout: Duration;
  /** Queue the plan's subtasks on the bus's subtask queue (only where a lane consumes them). */
  readonly queueSubtasks: boolean;
}

/**
 * The lanes in which the critic's `approved` alone lets a run go on without a person: they cannot write outside
 * dry-run prefixes. Any other lane, including one the workflow does not know, goes through the gate.
 */
const LANES_APPROVED_BY_CRITIC: readonly Lane[] = ['read_only', 'dry_run'];

const S_ = (value: string) => tasks.DynamoAttributeValue.fromString(value);

/**
 * The conductor workflow: check the input, load lane, compute when the run's items expire, store the task,
 * plan, check and store the plan, record a timeline entry, queue subtasks (where a lane consumes them), critic
 * review, check and store the review, approval gate, reload the lane, execute in the agent's lane, sweeper
 * cleanup. Input: `{ agent, task }`.
 * The task, plan and review reach the containers by key in the KV table (see `RUN_ITEMS`), never inline.
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
  /** A Pass naming the error in `$.error`, then MarkRunFailed: how a malformed input or answer ends the run. */
  const failWith = (id: string, error: string, cause: string) =>
    new sfn.Pass(scope, id, {
      parameters: { Error: error, Cause: cause },
      resultPath: '$.error',
    }).next(markRunFailed);

  /** Writes `part` (the JSON at `path`) as the run's item, for the containers to read by key. */
  const storeRunItem = (id: string, part: RunItemPart, path: string) => {
    const store = new tasks.DynamoPutItem(scope, id, {
      table: bus.table,
      item: {
        pk: S_(sfn.JsonPath.format('run#{}', sfn.JsonPath.executionName)),
        sk: S_(RUN_ITEMS.parts[part]),
        [RUN_ITEMS.bodyAttribute]: S_(
          sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt(path)),
        ),
        executionId: S_(sfn.JsonPath.executionId),
        [RUN_ITEMS.expiresAtAttribute]:
          tasks.DynamoAttributeValue.numberFromString(
            sfn.JsonPath.stringAt(`${RUN_EXPIRY_PATH}.expiresAt`),
          ),
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    store.addRetry({
      maxAttempts: 3,
      interval: Duration.seconds(2),
      backoffRate: 2,
    });
    store.addCatch(markRunFailed, onFailure);
    return store;
  };

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

  // Checked first: a missing agent or task would otherwise fail a later state with States.Runtime, which no
  // Catch sees, leaving the timeline item behind. Without an agent there is no timeline to mark.
  // Each rule tests presence before type: the rules are tried in order, and a test on a missing path fails the run.
  const rejectInput = new sfn.Fail(scope, S.rejectInput, {
    error: WORKFLOW_ERRORS.invalidInput,
    cause:
      'The run input has no string "agent"; start a run with { agent, task }',
  });
  const checkInput = new sfn.Choice(scope, S.checkInput)
    .when(sfn.Condition.not(sfn.Condition.isPresent('$.agent')), rejectInput)
    .when(sfn.Condition.not(sfn.Condition.isString('$.agent')), rejectInput)
    .when(
      sfn.Condition.not(sfn.Condition.isPresent('$.task')),
      failWith(
        S.invalidInput,
        WORKFLOW_ERRORS.invalidInput,
        'The run input has no "task"; start a run with { agent, task }',
      ),
    )
    .otherwise(lane.start);

  const stepRun = (id: string, step: 'plan' | 'review', resultPath: string) => {
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
              name: RUN_ITEMS.keyVariable,
              value: sfn.JsonPath.format('run#{}', sfn.JsonPath.executionName),
            },
          ],
        },
      ],
      propagatedTagSource: ecs.PropagatedTagSource.TASK_DEFINITION,
      taskTimeout: sfn.Timeout.duration(o.stepTimeout),
      heartbeatTimeout: sfn.Timeout.duration(o.stepHeartbeat),
      resultPath,
    });
    state.addRetry(ecsStartRetry());
    state.addCatch(markRunFailed, onFailure);
    return state;
  };

  const storeTask = storeRunItem(S.storeRunTask, 'task', '$.task');
  const plan = stepRun(S.plan, 'plan', '$.plan');
  const storePlan = storeRunItem(S.storePlan, 'plan', '$.plan');
  // ASL has no array test: a plan whose subtasks is missing, null or a scalar is refused here.
  const subtasks = '$.plan.subtasks';
  const invalidPlan = failWith(
    S.invalidPlan,
    WORKFLOW_ERRORS.invalidPlan,
    'The plan step answered without a "subtasks" list',
  );
  const checkPlan = new sfn.Choice(scope, S.checkPlan)
    .when(sfn.Condition.not(sfn.Condition.isPresent(subtasks)), invalidPlan)
    .when(
      sfn.Condition.or(
        sfn.Condition.isNull(subtasks),
        sfn.Condition.isString(subtasks),
        sfn.Condition.isNumeric(subtasks),
        sfn.Condition.isBoolean(subtasks),
      ),
      invalidPlan,
    )
    .otherwise(storePlan);

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

  const review = stepRun(S.criticReview, 'review', '$.review');
  const storeReview = storeRunItem(S.storeReview, 'review', '$.review');
  // First its presence, then its type, in separate rules: a comparison on a missing path fails the run.
  const checkReview = new sfn.Choice(scope, S.checkReview);
  const invalidReview = failWith(
    S.invalidReview,
    WORKFLOW_ERRORS.invalidReview,
    'The review step answered without a string "verdict"',
  );
  checkReview
    .when(
      sfn.Condition.not(sfn.Condition.isPresent('$.review.verdict')),
      invalidReview,
    )
    .when(
      sfn.Condition.not(sfn.Condition.isString('$.review.verdict')),
      invalidReview,
    )
    .otherwise(storeReview);

  let afterTimeline: sfn.IChainable = review;
  if (o.queueSubtasks && bus.subtaskQueue) {
    const sendSubtask = new tasks.SqsSendMessage(scope, S.sendSubtask, {
      queue: bus.subtaskQueue,
      messageBody: sfn.TaskInput.fromJsonPathAt('$'),
    });
    const queueSubtasks = new sfn.Map(scope, S.queueSubtasks, {
      itemsPath: subtasks,
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
    queueSubtasks.next(review);
    afterTimeline = queueSubtasks;
  }

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
      runItems: true,
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

  // Before the first run item is written: every item of the run expires (see RUN_ITEMS.retentionDays).
  const expiry = runExpiryStates(scope, Duration.days(RUN_ITEMS.retentionDays));
  lane.afterLane(expiry.start);
  expiry.end.next(storeTask);
  storeTask.next(plan).next(checkPlan);
  storePlan.next(recordTimeline).next(afterTimeline);
  review.next(checkReview);
  storeReview.next(verdict);
  return checkInput;
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
