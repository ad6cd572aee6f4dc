import {
  AslDefinition,
  CONDUCTOR_STATES as S,
} from '@agent-mesh/infra-constructs';
import { isLane, Lane, laneRank } from '@agent-mesh/plugin-agent-mesh-common';
import { StateMachine } from 'aws-local-stepfunctions';
import { randomUUID } from 'node:crypto';
import { TableStore } from '../dynamodb/tableStore';
import { AwsServiceError } from '../server/awsServiceError';
import { OperationTable } from '../server/awsJsonServer';
import { dynamoDbOperations } from '../services/dynamoDb';
import { EventStore } from '../stores/eventStore';
import {
  ExecutionRecord,
  executionArn,
  StateMachineRecord,
  StepFunctionsStore,
} from '../stores/stepFunctionsStore';
import { ApprovalGate } from './approvalGate';
import { HistoryBuilder } from './historyBuilder';
import { MeshModel } from './meshModel';
import { MeshRecorder } from './meshRecorder';
import {
  CriticVerdict,
  drawExecute,
  drawPlan,
  drawReview,
} from './runBehavior';
import { SeededRandom } from './seededRandom';
import { WorldClock } from './worldClock';

/** A workflow of a mesh, ready to run: its record in the store and its resolved definition. */
export interface Workflow {
  machine: StateMachineRecord;
  definition: AslDefinition;
  states: Map<string, Record<string, any>>;
}

/** A mesh in the living world. */
export interface MeshRuntime {
  model: MeshModel;
  orchestration: Workflow;
  sweeper: Workflow;
  /** Messages waiting in the subtask dead-letter queue. */
  deadLetterDepth: number;
}

export interface StartOptions {
  /** When the run started; earlier than now for runs that were already under way. */
  startMs?: number;
  /** Makes the critic answer this verdict (to put runs at the approval gate on first start). */
  forceVerdict?: CriticVerdict;
}

interface RunState {
  builder: HistoryBuilder;
  cursor: number;
  agent: string;
  lane: Lane | undefined;
  taskMs: number;
  rng: SeededRandom;
}

type Handler = (input: any) => Promise<any>;

const DYNAMODB_ACTIONS: Record<string, string> = {
  getItem: 'GetItem',
  putItem: 'PutItem',
  updateItem: 'UpdateItem',
  deleteItem: 'DeleteItem',
  query: 'Query',
};

/** How likely a subtask ends in the dead-letter queue. */
const DEAD_LETTER_CHANCE = 0.004;

function stepError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * Runs a mesh's real workflow definitions (synthesized by infra-constructs) with aws-local-stepfunctions.
 * Task states are answered by local handlers keyed by state name and resource: DynamoDB steps act on the
 * emulator's own tables (so LoadLane, and ReloadLane after the approval gate, read the lane the portal wrote),
 * agent tasks take simulated time on the world clock with lane- and agent-dependent outcomes, and the approval
 * gate waits for its task token (every run in `execute` passes it, whatever the critic says).
 */
export class LiveRunner {
  private readonly dynamo: OperationTable;
  private readonly active = new Set<() => void>();
  /** Bumped by every step, so callers can wait until runs stop making progress. */
  activity = 0;

  constructor(
    private readonly deps: {
      clock: WorldClock;
      store: StepFunctionsStore;
      tables: TableStore;
      events: EventStore;
      recorder: MeshRecorder;
      approvals: ApprovalGate;
      seed: number | string;
    },
  ) {
    this.dynamo = dynamoDbOperations({ tables: deps.tables });
  }

  get running(): number {
    return this.active.size;
  }

  start(
    mesh: MeshRuntime,
    workflow: Workflow,
    name: string,
    input: string,
    options: StartOptions = {},
  ): ExecutionRecord {
    const { clock, store, recorder } = this.deps;
    const { machine, definition, states } = workflow;
    const startMs = options.startMs ?? clock.now();
    const record: ExecutionRecord = { name, startMs, status: 'RUNNING', input };
    const builder = new HistoryBuilder(states, machine.region);
    record.events = builder.events;
    store.addExecution(machine, record);
    recorder.runStarted(mesh.model, machine.arn, startMs);
    builder.executionStarted(startMs, input, machine.roleArn);

    const parsed = JSON.parse(input);
    const run: RunState = {
      builder,
      cursor: startMs,
      agent: typeof parsed?.agent === 'string' ? parsed.agent : 'unknown',
      lane: undefined,
      taskMs: 0,
      rng: SeededRandom.derive(this.deps.seed, `${machine.arn}/${name}`),
    };
    const arn = executionArn(machine, name);
    const token = Buffer.from(`${arn}#${run.rng.hex(24)}`).toString('base64');
    const handlers: Record<string, Handler> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [stateName, state] of states) {
      if (state.Type === 'Task')
        handlers[stateName] = this.wrap(
          this.handlerFor(mesh, stateName, state, run, arn, name, options),
        );
      if (state.Retry) retryIntervalOverrides[stateName] = 0;
    }
    const execution = new StateMachine(definition as any, {
      validationOptions: { checkArn: false, checkPaths: false },
    }).run(parsed, {
      overrides: {
        taskResourceLocalHandlers: handlers,
        retryIntervalOverrides,
      },
      context: {
        Execution: {
          Id: arn,
          Name: name,
          RoleArn: machine.roleArn,
          StartTime: new Date(startMs).toISOString(),
        },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: token },
      },
    });
    execution.result.catch(() => undefined);
    this.active.add(execution.abort);

    const finish = (
      status: ExecutionRecord['status'],
      details: { output?: string; error?: string; cause?: string },
    ) => {
      this.active.delete(execution.abort);
      record.stopMs = run.cursor;
      Object.assign(record, details);
      store.setStatus(machine, record, status);
      if (status === 'ABORTED') return;
      recorder.runFinished(mesh.model, {
        machineArn: machine.arn,
        agent: run.agent,
        lane: run.lane ?? 'read_only',
        status,
        startMs,
        stopMs: run.cursor,
        taskMs: run.taskMs,
        conductor: workflow === mesh.orchestration,
      });
    };

    const consume = async () => {
      for await (const event of execution.eventLogs) {
        this.activity++;
        const e = event as any;
        const at = run.cursor;
        switch (event.type) {
          case 'StateEntered':
            builder.stateEntered(at, e.state.name, e.state.input);
            if (e.state.type === 'Task') this.entered(run, e.state.name);
            break;
          case 'StateExited':
            if (e.state.type === 'Task')
              builder.taskSucceeded(at, e.state.name, e.state.output);
            builder.stateExited(at, e.state.name, e.state.output);
            break;
          case 'StateFailed':
            if (e.state.type === 'Task')
              builder.taskFailed(at, e.state.name, e.Error, causeText(e.Cause));
            if (e.state.type === 'Map') builder.mapStateFailed(at);
            break;
          case 'MapIterationStarted':
            builder.mapIteration(at, 'Started', e.parentState.name, e.index);
            break;
          case 'MapIterationSucceeded':
            builder.mapIteration(at, 'Succeeded', e.parentState.name, e.index);
            break;
          case 'MapIterationFailed':
            builder.mapIteration(at, 'Failed', e.parentState.name, e.index);
            break;
          case 'ExecutionSucceeded': {
            const output = JSON.stringify(e.output ?? null);
            builder.executionSucceeded(at, output);
            finish('SUCCEEDED', { output });
            return;
          }
          case 'ExecutionFailed': {
            const cause = causeText(e.Cause);
            builder.executionFailed(at, e.Error, cause);
            finish('FAILED', { error: e.Error, cause });
            return;
          }
          case 'ExecutionAborted':
          case 'ExecutionTimeout':
            builder.executionAborted(at);
            finish('ABORTED', {});
            return;
          default:
            break;
        }
      }
    };
    consume().catch(() => undefined);
    return record;
  }

  /** Aborts every run (the world is closing or resetting). */
  abortAll(): void {
    for (const abort of [...this.active]) abort();
    this.active.clear();
  }

  private readonly scheduled = new WeakMap<
    RunState,
    { entered: Map<string, number>; pending: Map<string, Array<() => void>> }
  >();

  private handshake(run: RunState) {
    let h = this.scheduled.get(run);
    if (!h) {
      h = { entered: new Map(), pending: new Map() };
      this.scheduled.set(run, h);
    }
    return h;
  }

  /** The history records TaskScheduled after TaskStateEntered, whichever of the two the interpreter reports first. */
  private entered(run: RunState, state: string): void {
    const h = this.handshake(run);
    const pending = h.pending.get(state);
    if (pending && pending.length > 0) pending.shift()!();
    else h.entered.set(state, (h.entered.get(state) ?? 0) + 1);
  }

  private wrap(handler: Handler): Handler {
    return async input => {
      // Let the event log catch up first, so the state's entry is stamped before its work moves the cursor.
      await new Promise(resolve => setImmediate(resolve));
      this.activity++;
      return handler(input);
    };
  }

  private schedule(run: RunState, state: string, parameters: unknown): void {
    const h = this.handshake(run);
    const at = run.cursor;
    const write = () => run.builder.taskScheduled(at, state, parameters);
    const count = h.entered.get(state) ?? 0;
    if (count > 0) {
      h.entered.set(state, count - 1);
      write();
    } else {
      const list = h.pending.get(state) ?? [];
      list.push(write);
      h.pending.set(state, list);
    }
  }

  /** Simulated work: waits on the world clock until the run's cursor plus `ms`. */
  private async work(run: RunState, ms: number): Promise<void> {
    const end = run.cursor + ms;
    await this.deps.clock.waitUntil(end);
    await new Promise(resolve => setImmediate(resolve));
    run.cursor = Math.max(run.cursor, end);
    this.activity++;
  }

  private handlerFor(
    mesh: MeshRuntime,
    stateName: string,
    state: Record<string, any>,
    run: RunState,
    arn: string,
    name: string,
    options: StartOptions,
  ) {
    const resource = String(state.Resource ?? '');
    const model = mesh.model;
    const scheduled = (params: unknown) =>
      this.schedule(run, stateName, params);
    const service = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z.]+)$/.exec(
      resource,
    );
    const kind = service ? `${service[1]}:${service[2]}` : resource;

    if (service?.[1] === 'dynamodb' && DYNAMODB_ACTIONS[service[2]]) {
      const operation =
        this.dynamo[`DynamoDB_20120810.${DYNAMODB_ACTIONS[service[2]]}`];
      return async (input: any) => {
        scheduled(input);
        const request = { ...input };
        if (service[2] === 'putItem' && request.Item?.startedAt) {
          request.Item = {
            ...request.Item,
            startedAt: { S: new Date(run.cursor).toISOString() },
          };
        }
        try {
          const result: any = await operation(request, {
            region: model.spec.region,
            requestId: randomUUID(),
          });
          if (service[2] === 'getItem' && request.Key?.sk?.S === 'lane') {
            const lane = result?.Item?.lane?.S;
            if (stateName !== S.reloadLane) {
              run.lane = isLane(lane) ? lane : 'read_only';
            } else if (
              isLane(lane) &&
              run.lane &&
              laneRank(lane) < laneRank(run.lane)
            ) {
              // As the workflow does: a demotion while the run waited lowers its lane, a promotion does not.
              run.lane = lane;
            }
          }
          return result ?? {};
        } catch (error) {
          if (error instanceof AwsServiceError) {
            throw stepError(
              `DynamoDB.${error.code.split('#').pop()}`,
              error.message,
            );
          }
          throw error;
        }
      };
    }

    if (kind === 'sqs:sendMessage') {
      return async (input: any) => {
        scheduled(input);
        if (run.rng.chance(DEAD_LETTER_CHANCE)) mesh.deadLetterDepth += 1;
        return {
          MessageId: run.rng.hex(32),
          MD5OfMessageBody: run.rng.hex(32),
        };
      };
    }

    if (
      kind === 'events:putEvents.waitForTaskToken' ||
      kind === 'events:putEvents'
    ) {
      return async (input: any) => {
        scheduled(input);
        const entries: any[] = input.Entries ?? [];
        const stored = entries.map(entry => {
          const bus = this.deps.events.bus(
            model.spec.region,
            entry.EventBusName ?? 'default',
          );
          if (!bus)
            throw stepError(
              'EventBridge.ResourceNotFoundException',
              `Event bus ${entry.EventBusName} does not exist.`,
            );
          return this.deps.events.append(bus, {
            id: [8, 4, 4, 4, 12].map(n => run.rng.hex(n)).join('-'),
            source: entry.Source,
            detailType: entry.DetailType,
            detail:
              typeof entry.Detail === 'string'
                ? entry.Detail
                : JSON.stringify(entry.Detail),
            resources: entry.Resources ?? [],
            time: run.cursor,
          });
        });
        if (kind === 'events:putEvents') {
          return {
            Entries: stored.map(s => ({ EventId: s.id })),
            FailedEntryCount: 0,
          };
        }
        const detail = entries[0]?.Detail ?? {};
        const requestedAt = run.cursor;
        const expiresAt = requestedAt + (state.TimeoutSeconds ?? 86400) * 1000;
        const approval = {
          taskToken: String(detail.taskToken),
          meshId: model.spec.meshId,
          agent: String(detail.agent ?? run.agent),
          lane: String(detail.lane ?? run.lane),
          executionArn: arn,
          executionName: name,
          requestedAt,
          expiresAt,
          status: 'waiting' as const,
          event: stored[0],
        };
        const answered = this.deps.approvals.wait(approval, () => {
          run.cursor = Math.max(run.cursor, this.deps.clock.now());
          this.activity++;
        });
        const timeout = this.deps.clock
          .waitUntil(expiresAt)
          .then(() => 'timeout' as const);
        const outcome = await Promise.race([answered, timeout]);
        if (
          outcome === 'timeout' &&
          this.deps.approvals.get(approval.taskToken)?.status === 'waiting'
        ) {
          this.deps.approvals.timedOut(approval.taskToken);
          await new Promise(resolve => setImmediate(resolve));
          run.cursor = Math.max(run.cursor, expiresAt);
          throw stepError('States.Timeout', 'The approval wait timed out');
        }
        await new Promise(resolve => setImmediate(resolve));
        return answered;
      };
    }

    if (kind === 'ecs:runTask.waitForTaskToken') {
      return async (input: any) => {
        scheduled(input);
        const env = containerEnvironment(input);
        const lane = isLane(env.AGENT_MESH_TARGET_LANE)
          ? env.AGENT_MESH_TARGET_LANE
          : run.lane ?? 'read_only';
        if (String(input.TaskDefinition).endsWith('-plan')) {
          const plan = drawPlan(run.rng, model);
          await this.work(run, plan.ms);
          run.taskMs += plan.ms;
          if (plan.fails)
            throw stepError(
              'States.TaskFailed',
              'The conductor could not plan the task',
            );
          return {
            subtasks: Array.from({ length: plan.subtasks }, (_, i) => ({
              id: i + 1,
              title: `step ${i + 1}`,
            })),
            summary: `${plan.subtasks} step(s) for ${run.agent} in ${lane}`,
          };
        }
        const review = drawReview(
          run.rng,
          lane,
          model.profiles.get(run.agent)?.failureFactor,
        );
        await this.work(run, review.ms);
        run.taskMs += review.ms;
        return {
          verdict: options.forceVerdict ?? review.verdict,
          reviewer: 'critic',
          lane,
        };
      };
    }

    if (kind === 'ecs:runTask.sync' || kind === 'ecs:runTask') {
      return async (input: any) => {
        scheduled(input);
        const family = String(input.TaskDefinition ?? '');
        const match = new RegExp(
          `^${model.names.prefix}-(.+)-(read_only|dry_run|execute)$`,
        ).exec(family);
        const agent = match?.[1] ?? run.agent;
        const lane =
          (match?.[2] as Lane | undefined) ?? run.lane ?? 'read_only';
        run.lane = lane;
        const task = drawExecute(run.rng, model, agent, lane);
        await this.work(run, task.ms);
        run.taskMs += task.ms;
        const taskArn = `arn:aws:ecs:${model.spec.region}:${
          model.spec.account
        }:task/${model.names.prefix}-agents/${run.rng.hex(32)}`;
        if (task.outcome === 'task-failed') {
          throw stepError(
            'States.TaskFailed',
            JSON.stringify({
              TaskArn: taskArn,
              StopCode: 'TaskFailedToStart',
              StoppedReason:
                'ResourceInitializationError: unable to pull secrets or registry auth',
            }),
          );
        }
        if (task.outcome === 'exit-nonzero')
          this.deps.recorder.taskFailed(model, agent, run.cursor);
        else if (agent === 'sweeper') mesh.deadLetterDepth = 0;
        return {
          TaskArn: taskArn,
          StopCode: 'EssentialContainerExited',
          Containers: [{ Name: 'agent', ExitCode: task.exitCode }],
        };
      };
    }

    return async () => {
      throw stepError(
        'States.Runtime',
        `local-aws does not simulate the resource ${resource}`,
      );
    };
  }
}

function containerEnvironment(input: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const override of input?.Overrides?.ContainerOverrides ?? []) {
    for (const pair of override.Environment ?? []) env[pair.Name] = pair.Value;
  }
  return env;
}

function causeText(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return cause === undefined ? '' : JSON.stringify(cause);
}
