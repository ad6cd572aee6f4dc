import {
  executionName,
  isLane,
  Lane,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  CONDUCTOR_STATES as S,
  laneItemKey,
} from '@agent-mesh/infra-constructs';
import { nativeValue } from '../dynamodb/attributeValues';
import { TableStore } from '../dynamodb/tableStore';
import { AwsServiceError } from '../server/awsServiceError';
import { StepFunctionsBackend } from '../services/stepFunctions';
import { AlarmStore } from '../stores/alarmStore';
import { CostStore, DAY_MS } from '../stores/costStore';
import { EventStore } from '../stores/eventStore';
import { MetricStore } from '../stores/metricStore';
import { QueueStore } from '../stores/queueStore';
import {
  ExecutionRecord,
  HistoryEvent,
  StateMachineRecord,
  StepFunctionsStore,
} from '../stores/stepFunctionsStore';
import { ApprovalGate } from './approvalGate';
import { routeApprovalRequests } from './approvalRoute';
import { MeshSpec } from './demoCatalog';
import { DefinitionCache } from './definitions';
import { flattenStates } from './historyBuilder';
import { seedHistory, stamp } from './historySeeder';
import { LiveRunner, MeshRuntime, Workflow } from './liveRunner';
import {
  createMeshModel,
  failedToStartRuleName,
  MeshModel,
  stateMachineTags,
  taskFailedRuleName,
} from './meshModel';
import { MeshRecorder } from './meshRecorder';
import { drawAgent } from './runBehavior';
import { SeededRandom } from './seededRandom';
import {
  syntheticConductorHistory,
  syntheticSweeperHistory,
} from './syntheticHistory';
import { WorldClock } from './worldClock';

const SWEEP_EVERY_MS = 6 * 3_600_000;
const GAUGE_EVERY_MS = 300_000;

export interface WorldOptions {
  /** Seeds every random draw: the same seed and `now` give the same world. */
  seed: number | string;
  /** Fixes the clock at this time (epoch ms); it then moves only through `advance`. Wall clock when absent. */
  now?: number;
  meshes: MeshSpec[];
  /** Days of seeded history. */
  historyDays: number;
  /** Start new runs over time, run the sweeper on its schedule, and start with runs under way and waiting. */
  liveRuns: boolean;
  /** Runs per hour for every mesh; each tier's usage rate (runs per day / 24) when absent. */
  runsPerHour?: number;
}

/** Options of a mesh added at run time, e.g. the benchmark's 16 agents with 10,000 runs a day. */
export interface AddMeshOptions {
  /** Runs per day in the seeded history; the tier's usage assumption when absent. */
  runsPerDay?: number;
  /** Days of seeded history; the world's when absent. */
  historyDays?: number;
  /** Live runs per hour; runs per day / 24 when absent. */
  runsPerHour?: number;
}

interface MeshState extends MeshRuntime {
  rng: SeededRandom;
  runsPerHour: number;
  nextArrival: number;
}

/**
 * The living demo account: the meshes, their stores, the clock and the runner. It is the Step Functions
 * backend of the protocol handlers, and what the control API steers.
 */
export class World implements StepFunctionsBackend {
  readonly clock: WorldClock;
  readonly store = new StepFunctionsStore();
  readonly tables = new TableStore();
  readonly events = new EventStore();
  readonly metrics = new MetricStore();
  readonly alarms = new AlarmStore(this.metrics);
  readonly costs = new CostStore();
  readonly recorder = new MeshRecorder(this.metrics, this.costs);
  readonly approvals = new ApprovalGate();
  readonly queues: QueueStore;
  readonly runner: LiveRunner;
  readonly meshes = new Map<string, MeshState>();
  private lastTick: number;
  private readonly liveRng: SeededRandom;

  constructor(
    readonly options: WorldOptions,
    private readonly definitions: DefinitionCache,
  ) {
    this.clock = new WorldClock({ now: options.now });
    this.queues = new QueueStore(() => this.clock.now());
    this.lastTick = this.clock.now();
    this.liveRng = SeededRandom.derive(options.seed, 'live');
    this.runner = new LiveRunner({
      clock: this.clock,
      store: this.store,
      tables: this.tables,
      events: this.events,
      recorder: this.recorder,
      approvals: this.approvals,
      seed: options.seed,
    });
    for (const spec of options.meshes) this.addMesh(spec);
    if (options.liveRuns) {
      for (const mesh of this.meshes.values()) this.warmStart(mesh);
    }
  }

  /** Adds a mesh with its resources and seeded history. */
  addMesh(spec: MeshSpec, options: AddMeshOptions = {}): MeshRuntime {
    if (this.meshes.has(spec.meshId))
      throw new TypeError(`Mesh ${spec.meshId} already exists`);
    const model = createMeshModel(spec, { runsPerDay: options.runsPerDay });
    const now = this.clock.now();
    const historyDays = options.historyDays ?? this.options.historyDays;
    const created = now - historyDays * DAY_MS;
    const definitions = this.definitions.get(spec);
    const workflow = (
      name: string,
      definition: MeshDefinitions['orchestration'],
    ): Workflow => ({
      machine: this.store.addStateMachine({
        name,
        region: spec.region,
        account: spec.account,
        meshId: spec.meshId,
        definition: JSON.stringify(definition),
        creationDate: created,
        tags: stateMachineTags(spec),
      }),
      definition,
      states: flattenStates(definition.States),
    });
    const rng = SeededRandom.derive(this.options.seed, `live/${spec.meshId}`);
    const runsPerHour =
      this.options.runsPerHour ?? options.runsPerHour ?? model.runsPerDay / 24;
    const mesh: MeshState = {
      model,
      orchestration: workflow(
        model.names.orchestrationStateMachine,
        definitions.orchestration,
      ),
      sweeper: workflow(model.names.sweeperStateMachine, definitions.sweeper),
      deadLetterDepth: 0,
      rng,
      runsPerHour,
      nextArrival:
        runsPerHour > 0
          ? now + rng.exponential(3_600_000 / runsPerHour)
          : Infinity,
    };
    this.tables.create({
      name: model.names.kvTable,
      region: spec.region,
      account: spec.account,
      meshId: spec.meshId,
      createdMs: created,
    });
    this.events.createBus({
      name: model.names.eventBus,
      region: spec.region,
      account: spec.account,
      meshId: spec.meshId,
    });
    if (model.approvalGate) {
      const gate = mesh.orchestration.states.get(S.requestApproval);
      routeApprovalRequests(
        model,
        { events: this.events, queues: this.queues },
        {
          createdMs: created,
          approvalTimeoutSeconds: Number(gate?.TimeoutSeconds ?? 86_400),
        },
      );
    }
    this.addAlarms(model, created);
    this.meshes.set(spec.meshId, mesh);
    seedHistory({
      mesh,
      store: this.store,
      tables: this.tables,
      recorder: this.recorder,
      seed: this.options.seed,
      now,
      historyDays,
    });
    return mesh;
  }

  /** Processes the time since the last tick: new runs, sweeper runs, queue depth samples, fixed cost. */
  tick(): void {
    const now = this.clock.now();
    const from = this.lastTick;
    if (now <= from) return;
    this.lastTick = now;
    for (const mesh of this.meshes.values()) {
      if (this.options.liveRuns) {
        const sweeps: number[] = [];
        for (
          let t =
            Math.floor(from / SWEEP_EVERY_MS) * SWEEP_EVERY_MS + SWEEP_EVERY_MS;
          t <= now;
          t += SWEEP_EVERY_MS
        )
          sweeps.push(t);
        const arrivals: number[] = [];
        while (mesh.nextArrival <= now) {
          arrivals.push(mesh.nextArrival);
          mesh.nextArrival += mesh.rng.exponential(
            3_600_000 / mesh.runsPerHour,
          );
        }
        for (const t of sweeps) this.startSweep(mesh, t);
        for (const t of arrivals) this.startRun(mesh, Math.round(t));
      }
      for (
        let t =
          Math.floor(from / GAUGE_EVERY_MS) * GAUGE_EVERY_MS + GAUGE_EVERY_MS;
        t <= now;
        t += GAUGE_EVERY_MS
      ) {
        this.recorder.deadLetterDepth(mesh.model, t, mesh.deadLetterDepth);
      }
      this.recorder.fixedCost(mesh.model, from, now);
    }
  }

  /** Moves the clock, processes the elapsed time, and waits until the runs have caught up. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    this.tick();
    await this.settle();
  }

  /** Waits until runs stop making progress (each is waiting on the clock or a person). */
  async settle(): Promise<void> {
    let last = -1;
    for (let i = 0; i < 500 && this.runner.activity !== last; i++) {
      last = this.runner.activity;
      for (let j = 0; j < 5; j++)
        await new Promise(resolve => setImmediate(resolve));
    }
  }

  close(): void {
    this.queues.close();
    this.approvals.closeAll();
    this.runner.abortAll();
    this.clock.close();
  }

  /** Starts a run of the mesh's conductor for a drawn agent, named by the convention. */
  startRun(
    mesh: MeshRuntime,
    startMs = this.clock.now(),
    options: { agent?: string; forceApproval?: boolean } = {},
  ): ExecutionRecord {
    const state =
      this.meshes.get(mesh.model.spec.meshId) ?? (mesh as MeshState);
    const agent =
      options.agent ?? drawAgent(state.rng ?? this.liveRng, mesh.model);
    const lane = this.currentLane(mesh.model, agent);
    const name = executionName(
      agent,
      lane,
      `${stamp(startMs)}-${this.liveRng.hex(8)}`,
    );
    const input = JSON.stringify({
      agent,
      task: { kind: 'scheduled', requestedAt: new Date(startMs).toISOString() },
    });
    return this.runner.start(mesh, mesh.orchestration, name, input, {
      startMs,
      forceVerdict: options.forceApproval ? 'needs_approval' : undefined,
    });
  }

  /** The lane an agent's item holds now. */
  currentLane(model: MeshModel, agent: string): Lane {
    const table = this.tables.get(model.spec.region, model.names.kvTable);
    const key = laneItemKey(agent);
    const item = table ? TableStore.read(table, key.pk, key.sk) : undefined;
    const lane = nativeValue(item?.lane);
    return isLane(lane) ? lane : 'read_only';
  }

  // StepFunctionsBackend

  startExecution(
    machine: StateMachineRecord,
    name: string,
    input: string,
  ): ExecutionRecord {
    const mesh = this.meshes.get(machine.meshId);
    if (!mesh)
      throw new AwsServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${machine.arn}'`,
      );
    const workflow =
      mesh.orchestration.machine === machine
        ? mesh.orchestration
        : mesh.sweeper;
    return this.runner.start(mesh, workflow, name, input);
  }

  historyOf(
    machine: StateMachineRecord,
    execution: ExecutionRecord,
  ): HistoryEvent[] {
    if (execution.events) return execution.events;
    const mesh = this.meshes.get(machine.meshId)!;
    return mesh.orchestration.machine === machine
      ? syntheticConductorHistory(
          mesh.model,
          mesh.orchestration,
          execution,
          this.options.seed,
        )
      : syntheticSweeperHistory(mesh.sweeper, execution);
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    this.approvals.succeed(taskToken, output);
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.approvals.fail(taskToken, error, cause);
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.approvals.heartbeat(taskToken);
  }

  private startSweep(mesh: MeshRuntime, startMs: number): void {
    const lane = this.currentLane(mesh.model, 'sweeper');
    const name = executionName(
      'sweeper',
      lane,
      `${stamp(startMs)}-${this.liveRng.hex(8)}`,
    );
    this.runner.start(
      mesh,
      mesh.sweeper,
      name,
      JSON.stringify({ agent: 'sweeper', task: { kind: 'sweep' } }),
      { startMs },
    );
  }

  /** On first start: a few runs under way, and (where the tier has the gate) runs waiting for approval. */
  private warmStart(mesh: MeshState): void {
    const now = this.clock.now();
    const underWay = Math.min(5, Math.max(1, Math.round(mesh.runsPerHour / 4)));
    for (let i = 0; i < underWay; i++) {
      this.startRun(mesh, now - Math.round(mesh.rng.between(1, 15) * 60_000));
    }
    if (!mesh.model.approvalGate) return;
    const candidates = mesh.model.runAgents.filter(
      a => this.currentLane(mesh.model, a) === 'execute',
    );
    for (let i = 0; i < 2; i++) {
      const agent =
        candidates.length > 0
          ? candidates[i % candidates.length]
          : mesh.model.runAgents[0];
      this.startRun(
        mesh,
        now - Math.round(mesh.rng.between(40, 180) * 60_000),
        { agent, forceApproval: true },
      );
    }
  }

  private addAlarms(model: MeshModel, createdMs: number): void {
    const base = {
      region: model.spec.region,
      account: model.spec.account,
      meshId: model.spec.meshId,
      periodSeconds: 300,
      threshold: 1,
      createdMs,
    };
    const prefix = model.names.alarmPrefix;
    for (const [short, arn] of [
      ['orchestration', model.orchestrationArn],
      ['sweeper', model.sweeperArn],
    ] as const) {
      const dims = [{ Name: 'StateMachineArn', Value: arn }];
      this.alarms.add({
        ...base,
        name: `${prefix}${short}-executions-failed`,
        description: `A ${short} run failed`,
        namespace: 'AWS/States',
        metricName: 'ExecutionsFailed',
        dimensions: dims,
        statistic: 'Sum',
      });
      this.alarms.add({
        ...base,
        name: `${prefix}${short}-executions-timed-out`,
        description: `A ${short} run timed out`,
        namespace: 'AWS/States',
        metricName: 'ExecutionsTimedOut',
        dimensions: dims,
        statistic: 'Sum',
      });
      this.alarms.add({
        ...base,
        name: `${prefix}${short}-executions-throttled`,
        description: `${short} runs are being throttled`,
        namespace: 'AWS/States',
        metricName: 'ExecutionThrottled',
        dimensions: dims,
        statistic: 'Sum',
      });
    }
    // Only tiers with the execute lane have subtask queues (a small mesh's conductor queues none).
    if (model.lanes.includes('execute')) {
      this.alarms.add({
        ...base,
        name: `${prefix}subtasks-dlq-depth`,
        description:
          'Subtasks could not be processed and wait in the dead-letter queue',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: [{ Name: 'QueueName', Value: model.deadLetterQueue }],
        statistic: 'Maximum',
      });
    }
    for (const agent of model.spec.agents) {
      this.alarms.add({
        ...base,
        name: `${prefix}agent-${agent}-task-failures`,
        description: `A task of the ${agent} agent exited with a non-zero code`,
        namespace: 'AWS/Events',
        metricName: 'TriggeredRules',
        dimensions: [
          { Name: 'RuleName', Value: taskFailedRuleName(model, agent) },
        ],
        statistic: 'Sum',
      });
    }
    this.alarms.add({
      ...base,
      name: `${prefix}tasks-failed-to-start`,
      description:
        'An agent task never started (TaskFailedToStart, e.g. CannotPullContainerError)',
      namespace: 'AWS/Events',
      metricName: 'TriggeredRules',
      dimensions: [{ Name: 'RuleName', Value: failedToStartRuleName(model) }],
      statistic: 'Sum',
    });
  }
}

type MeshDefinitions = ReturnType<DefinitionCache['get']>;
