import { LANES, Lane, laneItemKey, laneRank } from '@agent-mesh/mesh-model';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { AgentBus } from '../bus/agent-bus';
import { AGENT_CONTAINER_NAME, AgentCompute } from '../compute/agent-compute';
import { taskFamily } from '../naming/task-families';
import { RUN_ITEMS } from './run-items';

/**
 * Reads an agent's lane item into `$.laneRecord` and leaves the lane in `$.lane`, defaulting to
 * `read_only` when the agent has no item yet: an unknown agent must never run with writes.
 */
export function loadLaneStates(
  scope: Construct,
  bus: AgentBus,
  names: { load: string; known: string; stored: string; fallback: string },
  agentPath: string | undefined,
  fixedAgent?: string,
): {
  start: tasks.DynamoGetItem;
  choice: sfn.Choice;
  afterLane: (next: sfn.IChainable) => void;
} {
  const load = getLaneItem(scope, bus, names.load, '$.laneRecord', {
    agentPath,
    fixedAgent,
  });
  const stored = new sfn.Pass(scope, names.stored, {
    inputPath: '$.laneRecord.Item.lane.S',
    resultPath: '$.lane',
  });
  const fallback = new sfn.Pass(scope, names.fallback, {
    result: sfn.Result.fromString('read_only'),
    resultPath: '$.lane',
  });
  const choice = new sfn.Choice(scope, names.known)
    .when(sfn.Condition.isPresent('$.laneRecord.Item.lane.S'), stored)
    .otherwise(fallback);
  load.next(choice);
  return {
    start: load,
    choice,
    afterLane: next => {
      stored.next(next);
      fallback.next(next);
    },
  };
}

/**
 * A consistent GetItem of an agent's lane item into `resultPath`, retried on throttling or a transient error:
 * a run must act on the lane the portal wrote last, never on a stale replica.
 */
function getLaneItem(
  scope: Construct,
  bus: AgentBus,
  stateName: string,
  resultPath: string,
  agent: { agentPath?: string; fixedAgent?: string },
): tasks.DynamoGetItem {
  const pk = agent.fixedAgent
    ? laneItemKey(agent.fixedAgent).pk
    : sfn.JsonPath.format(
        'agent#{}',
        sfn.JsonPath.stringAt(agent.agentPath ?? '$.agent'),
      );
  const get = new tasks.DynamoGetItem(scope, stateName, {
    table: bus.table,
    key: {
      pk: tasks.DynamoAttributeValue.fromString(pk),
      sk: tasks.DynamoAttributeValue.fromString(laneItemKey('x').sk),
    },
    consistentRead: true,
    resultPath,
  });
  get.addRetry({
    maxAttempts: 3,
    interval: Duration.seconds(2),
    backoffRate: 2,
  });
  return get;
}

/**
 * Reads the agent's lane item again (into `$.reloadedLaneRecord`) right before the lane is chosen, and lowers
 * `$.lane` to the reloaded lane when that is lower, so a demotion made while the run waited (at the approval
 * gate, or in a long plan) takes effect in this very run. The run never goes higher than `$.lane`, the lane it
 * was planned, reviewed and approved in: a promotion made meanwhile was not what the critic or the approver
 * saw, and a missing item or an unknown lane value says nothing trustworthy, so all three keep the planned lane
 * (a promotion takes effect at the next run).
 */
export function reloadLaneStates(
  scope: Construct,
  bus: AgentBus,
  names: { reload: string; compare: string; useReloaded: string },
  next: sfn.IChainable,
  agentPath = '$.agent',
): tasks.DynamoGetItem {
  const reloaded = '$.reloadedLaneRecord.Item.lane.S';
  const reload = getLaneItem(scope, bus, names.reload, '$.reloadedLaneRecord', {
    agentPath,
  });
  const useReloaded = new sfn.Pass(scope, names.useReloaded, {
    inputPath: reloaded,
    resultPath: '$.lane',
  });
  useReloaded.next(next);
  const lowerPairs = LANES.flatMap(planned =>
    LANES.filter(l => laneRank(l) < laneRank(planned)).map(lower =>
      sfn.Condition.and(
        sfn.Condition.stringEquals('$.lane', planned),
        sfn.Condition.stringEquals(reloaded, lower),
      ),
    ),
  );
  const compare = new sfn.Choice(scope, names.compare)
    // First, so the comparisons below never read a missing path (a Choice on one fails the run). Not(IsPresent)
    // rather than IsPresent: false, which aws-local-stepfunctions (the local runner) never matches.
    .when(sfn.Condition.not(sfn.Condition.isPresent(reloaded)), next)
    .when(sfn.Condition.or(...lowerPairs), useReloaded)
    .otherwise(next);
  reload.next(compare);
  return reload;
}

/**
 * A Task state running `<mesh>-<agent>-<lane>` on ECS and waiting for it to stop. The family is
 * built at run time from the agent in the input, so one state serves every agent; IAM lets the
 * workflow start only this mesh's families.
 */
export function runInLaneState(
  scope: Construct,
  stateName: string,
  options: {
    meshId: string;
    compute: AgentCompute;
    lane: Lane;
    agentPath?: string;
    fixedAgent?: string;
    /** Pass the run's items (task, plan, review) by key, see {@link RUN_ITEMS}. */
    runItems?: boolean;
    timeout: Duration;
  },
): sfn.CustomState {
  const { compute, lane } = options;
  const stack = Stack.of(scope);
  const subnets = compute.vpc.selectSubnets(compute.taskSubnets).subnetIds;
  const agentPath = options.agentPath ?? '$.agent';
  const familyTemplate = taskFamily(options.meshId, '{}', lane);
  const family = options.fixedAgent
    ? { TaskDefinition: taskFamily(options.meshId, options.fixedAgent, lane) }
    : {
        'TaskDefinition.$': `States.Format('${familyTemplate}', ${agentPath})`,
      };
  const environment: Array<Record<string, string>> = [
    { Name: 'AGENT_MESH_EXECUTION_ID', 'Value.$': '$$.Execution.Id' },
  ];
  if (options.runItems) {
    // The task, plan and review travel by key (see RUN_ITEMS): container overrides hold 8,192 characters at most.
    environment.push({
      Name: RUN_ITEMS.keyVariable,
      'Value.$': "States.Format('run#{}', $$.Execution.Name)",
    });
  }
  const state = new sfn.CustomState(scope, stateName, {
    stateJson: {
      Type: 'Task',
      Resource: `arn:${stack.partition}:states:::ecs:runTask.sync`,
      TimeoutSeconds: options.timeout.toSeconds(),
      Parameters: {
        Cluster: compute.cluster.clusterArn,
        ...family,
        CapacityProviderStrategy: compute
          .capacityProviderStrategy(lane)
          .map(s => ({
            CapacityProvider: s.capacityProvider,
            Weight: s.weight,
          })),
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            Subnets: subnets,
            SecurityGroups: [compute.securityGroup.securityGroupId],
            AssignPublicIp: compute.assignPublicIp ? 'ENABLED' : 'DISABLED',
          },
        },
        Overrides: {
          ContainerOverrides: [
            { Name: AGENT_CONTAINER_NAME, Environment: environment },
          ],
        },
        PropagateTags: 'TASK_DEFINITION',
      },
      ResultSelector: {
        'taskArn.$': '$.TaskArn',
        'stopCode.$': '$.StopCode',
        'exitCode.$': '$.Containers[0].ExitCode',
      },
      ResultPath: '$.execution',
    },
  });
  state.addRetry(ecsStartRetry());
  return state;
}

/**
 * The errors Step Functions raises when ECS could not start a task: no Fargate (Spot) capacity at the moment
 * (`ECS.AmazonECSException`, "Capacity is unavailable at this time"), an ECS server error, throttling or an
 * account limit on concurrent starts, or an ECS error Step Functions does not know (`AmazonECS.Unknown`).
 * All are infrastructure, and worth another try after a pause.
 *
 * Not among them, on purpose: `States.TaskFailed` (the agent's task stopped with a failure, or the agent
 * answered its task token with SendTaskFailure: the agent's own verdict, which a retry would only repeat at
 * the model's price), `States.HeartbeatTimeout` and `States.Timeout` (the container died or hung: the run
 * must end in MarkRunFailed now, not hold for another full wait), and the client errors
 * (`ECS.ClientException`, `ECS.InvalidParameterException`, `ECS.AccessDeniedException`), which are
 * configuration that no retry fixes.
 *
 * @public
 */
export const ECS_START_ERRORS: readonly string[] = [
  'ECS.AmazonECSException',
  'ECS.ServerException',
  'ECS.ThrottlingException',
  'ECS.LimitExceededException',
  'AmazonECS.Unknown',
];

/** Retries a task that ECS could not start (see {@link ECS_START_ERRORS}) twice, after 30 s and 60 s. */
export function ecsStartRetry(): sfn.RetryProps {
  return {
    errors: [...ECS_START_ERRORS],
    maxAttempts: 2,
    interval: Duration.seconds(30),
    backoffRate: 2,
  };
}

/** How many times a task state may start ECS tasks: the first try and the retries of {@link ecsStartRetry}. */
export const ECS_START_ATTEMPTS = 1 + (ecsStartRetry().maxAttempts ?? 0);

/** What the workflow role needs to run, watch and stop this mesh's agent tasks. */
export function runTaskPolicy(
  scope: Construct,
  meshId: string,
  compute: AgentCompute,
  agents: readonly string[],
): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const lanes = compute.lanes.filter(l => LANES.includes(l));
  const familyArns = agents.flatMap(agent =>
    lanes.map(lane =>
      stack.formatArn({
        service: 'ecs',
        resource: 'task-definition',
        resourceName: `${taskFamily(meshId, agent, lane)}:*`,
      }),
    ),
  );
  const passRoles = [
    compute.executionRole.roleArn,
    ...agents.flatMap(agent =>
      lanes.map(lane => compute.taskRoles[agent]?.[lane]?.roleArn),
    ),
  ].filter((arn): arn is string => Boolean(arn));
  return [
    new iam.PolicyStatement({
      actions: ['ecs:RunTask'],
      resources: familyArns,
      conditions: { ArnEquals: { 'ecs:cluster': compute.cluster.clusterArn } },
    }),
    new iam.PolicyStatement({
      actions: ['ecs:StopTask', 'ecs:DescribeTasks'],
      resources: [
        stack.formatArn({
          service: 'ecs',
          resource: 'task',
          resourceName: `${compute.cluster.clusterName}/*`,
        }),
      ],
    }),
    // RunTask with PropagateTags tags the task it creates, which ECS authorizes as ecs:TagResource on the task.
    new iam.PolicyStatement({
      actions: ['ecs:TagResource'],
      resources: [
        stack.formatArn({
          service: 'ecs',
          resource: 'task',
          resourceName: `${compute.cluster.clusterName}/*`,
        }),
      ],
      conditions: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    }),
    new iam.PolicyStatement({
      actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      resources: [
        stack.formatArn({
          service: 'events',
          resource: 'rule',
          resourceName: 'StepFunctionsGetEventsForECSTaskRule',
        }),
      ],
    }),
    new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: passRoles,
      conditions: {
        StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      },
    }),
  ];
}
