import {
  AGENT_MESH_TAGS,
  LANES,
  Lane,
  isLane,
  meshResourceNames,
} from '@agent-mesh/mesh-model';
import { Duration, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AgentBus, queuesSubtasks } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import {
  MeshEnvironment,
  createMeshLogGroup,
} from '../observability/log-retention';
import { checkApprovals, checkMeshId } from '../validation/mesh-rules';
import { acknowledgeRoleWildcards } from '../validation/acknowledge-wildcards';
import { PropsErrors } from '../validation/props-errors';
import { MeshApprovals } from './approval-policy';
import { approvalRequestQueue } from './approval-queue';
import { conductorWorkflow } from './conductor-workflow';
import { writeInitialLaneItems } from './initial-lanes';
import { runTaskPolicy } from './lane-task-states';
import { SWEEPER_AGENT, sweeperWorkflow } from './sweeper-workflow';

/** What a run's default time limit adds to its steps' limits: ECS start retries, task start, DynamoDB steps. */
const RUN_TIMEOUT_MARGIN = Duration.minutes(30);

/**
 * Props of {@link AgentOrchestration}.
 *
 * @public
 */
export interface AgentOrchestrationProps {
  /** The mesh id. */
  readonly meshId: string;
  /** The bus holding the lane items and receiving approval requests. */
  readonly bus: AgentBus;
  /** The compute whose task definitions the workflow runs; needs `workflowSteps` and a `sweeper` agent. */
  readonly compute: AgentCompute;
  /**
   * Stop for a person's decision when the critic answers `needs_approval` (and, see `approvals`, before every
   * run in the `execute` lane), and deliver the requests to the approval queue. Without the gate such a run
   * ends at `CriticRejected`.
   * @default true
   */
  readonly approvalGate?: boolean;
  /**
   * Which runs wait for a person at the approval gate besides those the critic asks about. Ignored without
   * the gate.
   * @default { execute: 'always' }: every run in the `execute` lane waits for a person
   */
  readonly approvals?: MeshApprovals;
  /**
   * How long a run waits at the approval gate before it ends at `ApprovalTimedOut`.
   * @default Duration.hours(24)
   */
  readonly approvalTimeout?: Duration;
  /**
   * Time limit of the plan and review steps.
   * @default Duration.minutes(30)
   */
  readonly stepTimeout?: Duration;
  /**
   * How long the plan and review steps may go without a heartbeat (`SendTaskHeartbeat` with their task token,
   * `AGENT_MESH_TASK_TOKEN`) before they fail with `States.HeartbeatTimeout`, which is not retried: the run
   * ends in MarkRunFailed, so a container that died does not hold the run for the whole `stepTimeout`.
   * Must be shorter than `stepTimeout`.
   * @default Duration.minutes(5)
   */
  readonly stepHeartbeat?: Duration;
  /**
   * Time limit of the agent's task in its lane (and of a sweep).
   * @default Duration.hours(1)
   */
  readonly executeTimeout?: Duration;
  /**
   * Time limit of a whole conductor run; past it the run ends as timed out (the `ExecutionsTimedOut` metric).
   * @default twice `stepTimeout` (plan and review), plus `approvalTimeout` with the approval gate, plus
   * `executeTimeout`, plus 30 minutes for ECS start retries and the DynamoDB steps
   */
  readonly runTimeout?: Duration;
  /**
   * Time limit of a whole sweeper run.
   * @default `executeTimeout` plus 30 minutes
   */
  readonly sweepTimeout?: Duration;
  /**
   * Queue each subtask of a plan on the bus's subtask queue (the `QueueSubtasks` state). Only the `execute`
   * lane's task roles consume that queue, so a mesh without the `execute` lane queuing subtasks would only fill
   * a queue nothing reads (and its bus has none, see `AgentBusProps.lanes`).
   * @default true when `compute.lanes` includes `execute` and the bus has its subtask queue
   */
  readonly queueSubtasks?: boolean;
  /**
   * When the sweeper runs.
   * @default events.Schedule.rate(Duration.hours(6))
   */
  readonly sweeperSchedule?: events.Schedule;
  /**
   * The lane each agent starts in, written to the KV table on first deploy only.
   * @default every agent starts in `read_only`
   */
  readonly initialLanes?: Readonly<Record<string, Lane>>;
  /**
   * The environment; decides log retention.
   * @default 'dev'
   */
  readonly environment?: MeshEnvironment;
}

/**
 * The conductor workflow and the scheduled sweeper as Step Functions state machines, with logging
 * (no execution data, so task tokens never reach the logs) and X-Ray tracing.
 *
 * @public
 */
export class AgentOrchestration extends Construct {
  /** The conductor workflow `agent-mesh-<meshId>-orchestration`; start a run with `{ agent, task }`. */
  public readonly stateMachine: sfn.IStateMachine;
  /** The sweeper workflow `agent-mesh-<meshId>-sweeper`. */
  public readonly sweeperStateMachine: sfn.IStateMachine;
  /** The schedule that starts the sweeper. */
  public readonly sweeperSchedule: events.IRule;
  /**
   * The queue receiving each approval-requested event from the mesh bus, whole (`detail.taskToken`,
   * `detail.executionId`, ...), for the portal to read; undefined without the approval gate.
   */
  public readonly approvalQueue?: sqs.IQueue;
  /** Where approval requests go that could not be delivered or read; undefined without the approval gate. */
  public readonly approvalDeadLetterQueue?: sqs.IQueue;

  constructor(scope: Construct, id: string, props: AgentOrchestrationProps) {
    super(scope, id);
    const errors = new PropsErrors('AgentOrchestration');
    checkMeshId(errors, 'meshId', props.meshId);
    errors.check(
      props.compute.agents.includes(SWEEPER_AGENT),
      'compute',
      `its agents must include "${SWEEPER_AGENT}", which the scheduled sweeper runs`,
    );
    errors.check(
      Object.keys(props.compute.stepTaskDefinitions).length === 2,
      'compute',
      'must be created with workflowSteps: true (the plan and review steps)',
    );
    for (const [agent, lane] of Object.entries(props.initialLanes ?? {})) {
      errors.check(
        props.compute.agents.includes(agent),
        'initialLanes',
        `names "${agent}", which is not an agent of the mesh`,
      );
      errors.check(
        isLane(lane),
        'initialLanes',
        `gives "${agent}" the unknown lane "${String(
          lane,
        )}"; allowed lanes are ${LANES.join(', ')}`,
      );
      errors.check(
        !isLane(lane) || props.compute.lanes.includes(lane),
        'initialLanes',
        `gives "${agent}" the lane "${lane}", which this mesh has no task definitions for`,
      );
    }
    for (const [name, value] of [
      ['approvalTimeout', props.approvalTimeout],
      ['stepTimeout', props.stepTimeout],
      ['stepHeartbeat', props.stepHeartbeat],
      ['executeTimeout', props.executeTimeout],
      ['runTimeout', props.runTimeout],
      ['sweepTimeout', props.sweepTimeout],
    ] as const) {
      errors.check(
        value === undefined || value.toSeconds() > 0,
        name,
        'must be longer than 0 seconds',
      );
    }
    const stepTimeout = props.stepTimeout ?? Duration.minutes(30);
    const stepHeartbeat = props.stepHeartbeat ?? Duration.minutes(5);
    errors.check(
      stepHeartbeat.toSeconds() < stepTimeout.toSeconds(),
      'stepHeartbeat',
      `must be shorter than stepTimeout (${stepTimeout.toSeconds()} s), or it never fires`,
    );
    errors.check(
      props.queueSubtasks !== true || props.compute.lanes.includes('execute'),
      'queueSubtasks',
      'needs the execute lane, whose task roles are the only consumers of the subtask queue',
    );
    errors.check(
      props.queueSubtasks !== true || props.bus.subtaskQueue !== undefined,
      'queueSubtasks',
      "needs the bus's subtask queue, which a bus has only when its lanes include execute",
    );
    checkApprovals(errors, 'approvals', props.approvals);
    errors.throwIfAny();

    const names = meshResourceNames(props.meshId);
    const environment = props.environment ?? 'dev';
    const executeTimeout = props.executeTimeout ?? Duration.hours(1);
    const { compute } = props;
    const approvalGate = props.approvalGate ?? true;
    const approvalTimeout = props.approvalTimeout ?? Duration.hours(24);
    const runTimeout =
      props.runTimeout ??
      Duration.seconds(
        2 * stepTimeout.toSeconds() +
          (approvalGate ? approvalTimeout.toSeconds() : 0) +
          executeTimeout.toSeconds() +
          RUN_TIMEOUT_MARGIN.toSeconds(),
      );

    const definition = conductorWorkflow(this, {
      meshId: props.meshId,
      bus: props.bus,
      compute,
      approvalGate,
      executeApproval: props.approvals?.execute ?? 'always',
      approvalTimeout,
      stepTimeout,
      stepHeartbeat,
      executeTimeout,
      queueSubtasks:
        props.queueSubtasks ??
        (queuesSubtasks(compute.lanes) && props.bus.subtaskQueue !== undefined),
    });
    const stateMachine = this.stateMachineFor(
      'Conductor',
      names.orchestrationStateMachine,
      definition,
      environment,
      props.meshId,
      runTimeout,
    );
    runTaskPolicy(this, props.meshId, compute, compute.agents).forEach(s =>
      stateMachine.addToRolePolicy(s),
    );
    this.stateMachine = stateMachine;

    if (approvalGate) {
      const requests = approvalRequestQueue(this, {
        meshId: props.meshId,
        eventBus: props.bus.eventBus,
        approvalTimeout,
      });
      this.approvalQueue = requests.queue;
      this.approvalDeadLetterQueue = requests.deadLetterQueue;
    }

    const sweeperScope = new Construct(this, 'Sweeper');
    Tags.of(sweeperScope).add(AGENT_MESH_TAGS.agent, SWEEPER_AGENT);
    const sweeperDefinition = sweeperWorkflow(sweeperScope, {
      meshId: props.meshId,
      bus: props.bus,
      compute,
      timeout: executeTimeout,
    });
    const sweeperStateMachine = this.stateMachineFor(
      'SweeperStateMachine',
      names.sweeperStateMachine,
      sweeperDefinition,
      environment,
      props.meshId,
      props.sweepTimeout ??
        Duration.seconds(
          executeTimeout.toSeconds() + RUN_TIMEOUT_MARGIN.toSeconds(),
        ),
      sweeperScope,
    );
    runTaskPolicy(sweeperScope, props.meshId, compute, [SWEEPER_AGENT]).forEach(
      s => sweeperStateMachine.addToRolePolicy(s),
    );
    this.sweeperStateMachine = sweeperStateMachine;
    this.sweeperSchedule = new events.Rule(sweeperScope, 'Schedule', {
      ruleName: `${names.prefix}-sweeper-schedule`,
      schedule:
        props.sweeperSchedule ?? events.Schedule.rate(Duration.hours(6)),
      targets: [
        new targets.SfnStateMachine(this.sweeperStateMachine, {
          input: events.RuleTargetInput.fromObject({
            agent: SWEEPER_AGENT,
            task: { kind: 'sweep' },
          }),
        }),
      ],
    });

    const initialLanes = Object.fromEntries(
      compute.agents.map(agent => [
        agent,
        props.initialLanes?.[agent] ?? 'read_only',
      ]),
    );
    writeInitialLaneItems(this, props.bus, initialLanes);

    acknowledgeRoleWildcards(stateMachine.role, 'workflow');
    acknowledgeRoleWildcards(sweeperStateMachine.role, 'workflow');
  }

  /**
   * Grants `grantee` (for example the portal's role) receiving and deleting the approval requests on the
   * approval queue. Without the approval gate there is no queue, and this throws.
   */
  grantConsumeApprovalRequests(grantee: iam.IGrantable): iam.Grant {
    if (!this.approvalQueue) {
      throw new Error(
        'This orchestration has no approval gate, so there is no approval queue to read; create it with approvalGate: true',
      );
    }
    return this.approvalQueue.grantConsumeMessages(grantee);
  }

  private stateMachineFor(
    id: string,
    name: string,
    definition: sfn.IChainable,
    environment: MeshEnvironment,
    meshId: string,
    timeout: Duration,
    scope: Construct = this,
  ): sfn.StateMachine {
    const logGroup = createMeshLogGroup(scope, `${id}Logs`, {
      logGroupName: `/aws/vendedlogs/states/${name}`,
      environment,
    });
    const stateMachine = new sfn.StateMachine(
      scope,
      id === 'Conductor' ? 'StateMachine' : id,
      {
        stateMachineName: name,
        stateMachineType: sfn.StateMachineType.STANDARD,
        definitionBody: sfn.DefinitionBody.fromChainable(definition),
        tracingEnabled: true,
        timeout,
        logs: {
          destination: logGroup,
          level: sfn.LogLevel.ALL,
          includeExecutionData: false,
        },
        comment: `Agent mesh ${meshId}: ${name}`,
      },
    );
    return stateMachine;
  }
}
