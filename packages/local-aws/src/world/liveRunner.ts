import { AslDefinition } from '@agent-mesh/infra-constructs';
import { StateMachine } from 'aws-local-stepfunctions';
import { TableStore } from '../dynamodb/tableStore';
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
import {
  RunState,
  TaskHandler,
  taskHandlerFor,
  TaskRuntime,
} from './conductorTasks';
import { HistoryBuilder } from './historyBuilder';
import { MeshModel } from './meshModel';
import { MeshRecorder } from './meshRecorder';
import { CriticVerdict } from './runBehavior';
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

/**
 * Runs a mesh's real workflow definitions (synthesized by infra-constructs) with aws-local-stepfunctions.
 * Task states are answered by local handlers keyed by state name and resource: DynamoDB steps act on the
 * emulator's own tables (so LoadLane, and ReloadLane after the approval gate, read the lane the portal wrote),
 * agent tasks take simulated time on the world clock with lane- and agent-dependent outcomes, and the approval
 * gate waits for its task token (every run in `execute` passes it, whatever the critic says).
 */
export class LiveRunner {
  private readonly tasks: TaskRuntime;
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
    const dynamo: OperationTable = dynamoDbOperations({ tables: deps.tables });
    this.tasks = {
      dynamo,
      events: deps.events,
      approvals: deps.approvals,
      clock: deps.clock,
      recorder: deps.recorder,
      work: (run, ms) => this.work(run, ms),
      progressed: () => {
        this.activity++;
      },
    };
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
    const handlers: Record<string, TaskHandler> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [stateName, state] of states) {
      if (state.Type === 'Task')
        handlers[stateName] = this.wrap(
          taskHandlerFor(this.tasks, {
            mesh,
            stateName,
            state,
            run,
            executionArn: arn,
            executionName: name,
            options,
            scheduled: parameters => this.schedule(run, stateName, parameters),
          }),
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

  private wrap(handler: TaskHandler): TaskHandler {
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
}

function causeText(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return cause === undefined ? '' : JSON.stringify(cause);
}
