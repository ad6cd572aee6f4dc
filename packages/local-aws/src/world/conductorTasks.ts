import {
  CONDUCTOR_STATES as S,
  RUN_ITEMS,
  RunItemPart,
} from '@agent-mesh/infra-constructs';
import { isLane, Lane, laneRank } from '@agent-mesh/plugin-agent-mesh-common';
import { convertToAttr } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { nativeValue } from '../dynamodb/attributeValues';
import { AwsServiceError } from '../server/awsServiceError';
import { OperationTable } from '../server/awsJsonServer';
import { EventStore } from '../stores/eventStore';
import { ApprovalGate } from './approvalGate';
import { HistoryBuilder } from './historyBuilder';
import type { MeshRuntime, StartOptions } from './liveRunner';
import { MeshRecorder } from './meshRecorder';
import { drawExecute, drawPlan, drawReview } from './runBehavior';
import { SeededRandom } from './seededRandom';
import { WorldClock } from './worldClock';

/** One run of a workflow as its task handlers see it; the handlers move its cursor, lane and task time. */
export interface RunState {
  builder: HistoryBuilder;
  cursor: number;
  agent: string;
  lane: Lane | undefined;
  taskMs: number;
  rng: SeededRandom;
}

export type TaskHandler = (input: any) => Promise<any>;

/** What the task handlers act on: the emulator's own services, and the runner's clock-driven work. */
export interface TaskRuntime {
  dynamo: OperationTable;
  events: EventStore;
  approvals: ApprovalGate;
  clock: WorldClock;
  recorder: MeshRecorder;
  /** Waits on the world clock until the run's cursor plus `ms`, then moves the cursor there. */
  work(run: RunState, ms: number): Promise<void>;
  /** Notes progress, so callers waiting for runs to settle see it. */
  progressed(): void;
}

/** One Task state of one run, with what its handler needs to answer it. */
export interface TaskState {
  mesh: MeshRuntime;
  stateName: string;
  state: Record<string, any>;
  run: RunState;
  executionArn: string;
  executionName: string;
  options: StartOptions;
  /** Records TaskScheduled with the handler's input. */
  scheduled(parameters: unknown): void;
}

const DYNAMODB_ACTIONS: Record<string, string> = {
  getItem: 'GetItem',
  putItem: 'PutItem',
  updateItem: 'UpdateItem',
  deleteItem: 'DeleteItem',
  query: 'Query',
};

/** How likely a subtask ends in the dead-letter queue. */
const DEAD_LETTER_CHANCE = 0.004;
/** How long the approval gate waits when its state names no timeout: a day, as the workflow does. */
const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 86400;

export function stepError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Yields once to the event loop, so the interpreter's event log is read before the next step. */
function nextTurn(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

/**
 * The local handler of a Task state, chosen by its resource: an optimized integration
 * (`arn:aws:states:::service:action`) is answered by the emulator's own services or by simulated agent work;
 * any other resource fails the run, saying local-aws does not simulate it.
 */
export function taskHandlerFor(
  runtime: TaskRuntime,
  task: TaskState,
): TaskHandler {
  const resource = String(task.state.Resource ?? '');
  const service = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z.]+)$/.exec(
    resource,
  );
  if (service?.[1] === 'dynamodb' && DYNAMODB_ACTIONS[service[2]]) {
    return dynamoDbTask(runtime, task, service[2]);
  }
  switch (service ? `${service[1]}:${service[2]}` : resource) {
    case 'sqs:sendMessage':
      return sendSubtaskTask(task);
    case 'events:putEvents':
      return putEventsTask(runtime, task);
    case 'events:putEvents.waitForTaskToken':
      return approvalGateTask(runtime, task);
    case 'ecs:runTask.waitForTaskToken':
      return conductorAgentTask(runtime, task);
    case 'ecs:runTask.sync':
    case 'ecs:runTask':
      return executeAgentTask(runtime, task);
    default:
      return async () => {
        throw stepError(
          'States.Runtime',
          `local-aws does not simulate the resource ${resource}`,
        );
      };
  }
}

/** A DynamoDB step on the emulator's own tables; a lane read also sets the lane the run goes on in. */
function dynamoDbTask(
  runtime: TaskRuntime,
  task: TaskState,
  action: string,
): TaskHandler {
  const operation =
    runtime.dynamo[`DynamoDB_20120810.${DYNAMODB_ACTIONS[action]}`];
  const { run, mesh } = task;
  return async (input: any) => {
    task.scheduled(input);
    const request = { ...input };
    if (action === 'putItem' && request.Item?.startedAt) {
      // The definition stamps the state's entry time; the simulated run's time is the cursor, not the wall clock.
      request.Item = {
        ...request.Item,
        startedAt: convertToAttr(new Date(run.cursor).toISOString()),
      };
    }
    let result: any;
    try {
      result = await operation(request, {
        region: mesh.model.spec.region,
        requestId: randomUUID(),
      });
    } catch (error) {
      throw asStepError(error);
    }
    if (action === 'getItem' && isLaneKey(request.Key)) {
      noteLaneRead(task, nativeValue(result?.Item?.lane));
    }
    return result ?? {};
  };
}

function isLaneKey(key: Record<string, any> | undefined): boolean {
  return nativeValue(key?.sk) === 'lane';
}

/**
 * LoadLane sets the run's lane (read_only when the item names none); ReloadLane, after the approval gate,
 * only lowers it: as the workflow does, a demotion while the run waited counts, a promotion does not.
 */
function noteLaneRead(task: TaskState, lane: unknown): void {
  const { run } = task;
  if (task.stateName !== S.reloadLane) {
    run.lane = isLane(lane) ? lane : 'read_only';
  } else if (isLane(lane) && run.lane && laneRank(lane) < laneRank(run.lane)) {
    run.lane = lane;
  }
}

/** The emulator's errors, named as Step Functions names a failed DynamoDB integration (`DynamoDB.<Code>`). */
function asStepError(error: unknown): unknown {
  if (!(error instanceof AwsServiceError)) return error;
  return stepError(`DynamoDB.${error.code.split('#').pop()}`, error.message);
}

/** Queues a subtask; now and then one ends in the dead-letter queue, which the sweeper empties. */
function sendSubtaskTask(task: TaskState): TaskHandler {
  const { run, mesh } = task;
  return async (input: any) => {
    task.scheduled(input);
    if (run.rng.chance(DEAD_LETTER_CHANCE)) mesh.deadLetterDepth += 1;
    return { MessageId: run.rng.hex(32), MD5OfMessageBody: run.rng.hex(32) };
  };
}

/** Puts the step's entries on the mesh's buses, stamped with the run's time; throws when a bus is missing. */
function appendEntries(runtime: TaskRuntime, task: TaskState, entries: any[]) {
  const { run, mesh } = task;
  return entries.map(entry => {
    const bus = runtime.events.bus(
      mesh.model.spec.region,
      entry.EventBusName ?? 'default',
    );
    if (!bus)
      throw stepError(
        'EventBridge.ResourceNotFoundException',
        `Event bus ${entry.EventBusName} does not exist.`,
      );
    return runtime.events.append(bus, {
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
}

function putEventsTask(runtime: TaskRuntime, task: TaskState): TaskHandler {
  return async (input: any) => {
    task.scheduled(input);
    const stored = appendEntries(runtime, task, input.Entries ?? []);
    return {
      Entries: stored.map(s => ({ EventId: s.id })),
      FailedEntryCount: 0,
    };
  };
}

/**
 * The approval gate: puts the approval request on the bus, then waits for its task token to be answered
 * through the approval gate, or for the state's timeout on the world clock (`States.Timeout`).
 */
function approvalGateTask(runtime: TaskRuntime, task: TaskState): TaskHandler {
  const { run, mesh, state } = task;
  return async (input: any) => {
    task.scheduled(input);
    const entries: any[] = input.Entries ?? [];
    const stored = appendEntries(runtime, task, entries);
    const detail = entries[0]?.Detail ?? {};
    const requestedAt = run.cursor;
    const expiresAt =
      requestedAt +
      (state.TimeoutSeconds ?? DEFAULT_APPROVAL_TIMEOUT_SECONDS) * 1000;
    const approval = {
      taskToken: String(detail.taskToken),
      meshId: mesh.model.spec.meshId,
      agent: String(detail.agent ?? run.agent),
      lane: String(detail.lane ?? run.lane),
      executionArn: task.executionArn,
      executionName: task.executionName,
      requestedAt,
      expiresAt,
      status: 'waiting' as const,
      event: stored[0],
    };
    const answered = runtime.approvals.wait(approval, () => {
      run.cursor = Math.max(run.cursor, runtime.clock.now());
      runtime.progressed();
    });
    const timeout = runtime.clock
      .waitUntil(expiresAt)
      .then(() => 'timeout' as const);
    const outcome = await Promise.race([answered, timeout]);
    if (
      outcome === 'timeout' &&
      runtime.approvals.get(approval.taskToken)?.status === 'waiting'
    ) {
      runtime.approvals.timedOut(approval.taskToken);
      await nextTurn();
      run.cursor = Math.max(run.cursor, expiresAt);
      throw stepError('States.Timeout', 'The approval wait timed out');
    }
    await nextTurn();
    return answered;
  };
}

/** The conductor's own agent tasks, which answer through a task token: the planner and the critic. */
function conductorAgentTask(
  runtime: TaskRuntime,
  task: TaskState,
): TaskHandler {
  const { run } = task;
  return async (input: any) => {
    task.scheduled(input);
    const env = containerEnvironment(input);
    const lane = isLane(env.AGENT_MESH_TARGET_LANE)
      ? env.AGENT_MESH_TARGET_LANE
      : run.lane ?? 'read_only';
    const runKey = env[RUN_ITEMS.keyVariable];
    if (String(input.TaskDefinition).endsWith('-plan')) {
      // As a real planner does: its task comes by key from the KV table, never in the overrides.
      await readRunItem(runtime, task, runKey, 'task');
      return plan(runtime, task, lane);
    }
    await readRunItem(runtime, task, runKey, 'plan');
    return review(runtime, task, lane);
  };
}

/**
 * Reads the part of a run the workflow stored for its containers (see `RUN_ITEMS`) from the mesh's KV table,
 * as a container does with GetItem; a container that finds no key or no item fails its task, as a real one
 * would. Returns the part's JSON value.
 */
async function readRunItem(
  runtime: TaskRuntime,
  task: TaskState,
  runKey: string | undefined,
  part: RunItemPart,
): Promise<unknown> {
  const { mesh } = task;
  if (!runKey)
    throw stepError(
      'States.TaskFailed',
      `The container got no ${RUN_ITEMS.keyVariable} to read the run's ${part} from`,
    );
  let result: any;
  try {
    result = await runtime.dynamo['DynamoDB_20120810.GetItem'](
      {
        TableName: mesh.model.names.kvTable,
        Key: { pk: { S: runKey }, sk: { S: RUN_ITEMS.parts[part] } },
        ConsistentRead: true,
      },
      { region: mesh.model.spec.region, requestId: randomUUID() },
    );
  } catch (error) {
    throw asStepError(error);
  }
  const body = nativeValue(result?.Item?.[RUN_ITEMS.bodyAttribute]);
  if (typeof body !== 'string')
    throw stepError(
      'States.TaskFailed',
      `No ${part} item under ${runKey} in ${mesh.model.names.kvTable}`,
    );
  return JSON.parse(body);
}

async function plan(runtime: TaskRuntime, task: TaskState, lane: Lane) {
  const { run, mesh } = task;
  const drawn = drawPlan(run.rng, mesh.model);
  await runtime.work(run, drawn.ms);
  run.taskMs += drawn.ms;
  if (drawn.fails)
    throw stepError(
      'States.TaskFailed',
      'The conductor could not plan the task',
    );
  return {
    subtasks: Array.from({ length: drawn.subtasks }, (_, i) => ({
      id: i + 1,
      title: `step ${i + 1}`,
    })),
    summary: `${drawn.subtasks} step(s) for ${run.agent} in ${lane}`,
  };
}

async function review(runtime: TaskRuntime, task: TaskState, lane: Lane) {
  const { run, mesh } = task;
  const drawn = drawReview(
    run.rng,
    lane,
    mesh.model.profiles.get(run.agent)?.failureFactor,
  );
  await runtime.work(run, drawn.ms);
  run.taskMs += drawn.ms;
  return {
    verdict: task.options.forceVerdict ?? drawn.verdict,
    reviewer: 'critic',
    lane,
  };
}

/**
 * The agent's own task in the lane its task definition names (`<prefix>-<agent>-<lane>`): simulated work whose
 * outcome depends on agent and lane; a non-zero exit counts as a task failure, a sweeper run empties the DLQ.
 */
function executeAgentTask(runtime: TaskRuntime, task: TaskState): TaskHandler {
  const { run, mesh } = task;
  const model = mesh.model;
  return async (input: any) => {
    task.scheduled(input);
    const match = new RegExp(
      `^${model.names.prefix}-(.+)-(read_only|dry_run|execute)$`,
    ).exec(String(input.TaskDefinition ?? ''));
    const agent = match?.[1] ?? run.agent;
    const lane = (match?.[2] as Lane | undefined) ?? run.lane ?? 'read_only';
    run.lane = lane;
    const runKey = containerEnvironment(input)[RUN_ITEMS.keyVariable];
    // The conductor's runs hand the agent its task by key; the sweeper's carry none.
    if (runKey) await readRunItem(runtime, task, runKey, 'task');
    const drawn = drawExecute(run.rng, model, agent, lane);
    await runtime.work(run, drawn.ms);
    run.taskMs += drawn.ms;
    const taskArn = `arn:aws:ecs:${model.spec.region}:${
      model.spec.account
    }:task/${model.names.prefix}-agents/${run.rng.hex(32)}`;
    if (drawn.outcome === 'task-failed') {
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
    if (drawn.outcome === 'exit-nonzero')
      runtime.recorder.taskFailed(model, agent, run.cursor);
    else if (agent === 'sweeper') mesh.deadLetterDepth = 0;
    return {
      TaskArn: taskArn,
      StopCode: 'EssentialContainerExited',
      Containers: [{ Name: 'agent', ExitCode: drawn.exitCode }],
    };
  };
}

function containerEnvironment(input: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const override of input?.Overrides?.ContainerOverrides ?? []) {
    for (const pair of override.Environment ?? []) env[pair.Name] = pair.Value;
  }
  return env;
}
