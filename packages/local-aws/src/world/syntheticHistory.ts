import {
  CONDUCTOR_STATES as S,
  executeStateName,
  laneItemKey,
} from '@agent-mesh/infra-constructs';
import { parseExecutionName } from '@agent-mesh/plugin-agent-mesh-common';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  ExecutionRecord,
  HistoryEvent,
  StateMachineRecord,
} from '../stores/stepFunctionsStore';
import { HistoryBuilder } from './historyBuilder';
import { Workflow } from './liveRunner';
import { MeshModel } from './meshModel';
import { SeededRandom } from './seededRandom';
import { simulateRun } from './simulatedRun';

/** The input a seeded run was started with. */
export function seededInput(name: string): string {
  const agent = parseExecutionName(name)?.agent ?? name.split('--')[0];
  return JSON.stringify({ agent, task: { kind: 'scheduled', run: name } });
}

/**
 * Rebuilds the history of a seeded (past) conductor run: the same draws as when it was seeded, walked through
 * the states of the mesh's conductor definition.
 */
export function syntheticConductorHistory(
  model: MeshModel,
  workflow: Workflow,
  execution: ExecutionRecord,
  seed: number | string,
): HistoryEvent[] {
  const machine: StateMachineRecord = workflow.machine;
  const parsed = parseExecutionName(execution.name);
  const agent = parsed?.agent ?? 'unknown';
  const lane = parsed?.lane ?? 'read_only';
  const gate = workflow.states.get(S.requestApproval);
  const timeoutMs = Number(gate?.TimeoutSeconds ?? 86400) * 1000;
  const run = simulateRun(
    SeededRandom.derive(seed, `${machine.arn}/${execution.name}`),
    model,
    agent,
    lane,
    timeoutMs,
  );
  const b = new HistoryBuilder(workflow.states, machine.region);
  const input = execution.input ?? seededInput(execution.name);
  let t = execution.startMs;
  let data: Record<string, unknown> = JSON.parse(input);
  const task = (
    name: string,
    ms: number,
    result: unknown,
    resultKey?: string,
  ) => {
    b.stateEntered(t, name, data);
    b.taskScheduled(t, name, { agent });
    t += ms;
    b.taskSucceeded(t, name, result);
    if (resultKey) data = { ...data, [resultKey]: result };
    b.stateExited(t, name, data);
  };
  const failedTask = (
    name: string,
    ms: number,
    error: string,
    cause: string,
  ) => {
    b.stateEntered(t, name, data);
    b.taskScheduled(t, name, { agent });
    t += ms;
    b.taskFailed(t, name, error, cause);
    data = { ...data, error: { Error: error, Cause: cause } };
  };
  const pass = (name: string) => {
    b.stateEntered(t, name, data);
    b.stateExited(t, name, data);
  };
  const end = (failState?: string) => {
    const stop = execution.stopMs ?? t;
    if (!failState) {
      b.stateEntered(stop, S.runSucceeded, data);
      b.stateExited(stop, S.runSucceeded, data);
      b.executionSucceeded(stop, JSON.stringify(data));
      return;
    }
    b.stateEntered(stop, failState, data);
    b.executionFailed(stop, execution.error ?? '', execution.cause ?? '');
  };

  /** A state this mesh's definition has (definitions of older or smaller meshes lack some). */
  const has = (name: string) => workflow.states.has(name);
  b.executionStarted(t, input, machine.roleArn);
  if (has(S.checkInput)) pass(S.checkInput);
  task(
    S.loadLane,
    0,
    { Item: marshall({ ...laneItemKey(agent), lane }) },
    'laneRecord',
  );
  pass(S.laneKnown);
  data = { ...data, lane };
  pass(S.useStoredLane);
  if (has(S.storeRunTask)) task(S.storeRunTask, 0, {});
  if (run.planFails) {
    failedTask(
      S.plan,
      run.planMs,
      'States.TaskFailed',
      'The conductor could not plan the task',
    );
    task(S.markRunFailed, 0, {});
    return finish(b, end, S.runFailed);
  }
  const subtasks = Array.from({ length: run.subtasks }, (_, i) => ({
    id: i + 1,
    title: `step ${i + 1}`,
  }));
  task(
    S.plan,
    run.planMs,
    { subtasks, summary: `${run.subtasks} step(s) for ${agent} in ${lane}` },
    'plan',
  );
  if (has(S.checkPlan)) pass(S.checkPlan);
  if (has(S.storePlan)) task(S.storePlan, 0, {});
  task(S.recordTimeline, 0, {});
  if (has(S.queueSubtasks)) {
    b.stateEntered(t, S.queueSubtasks, data);
    subtasks.forEach((subtask, index) => {
      b.mapIteration(t, 'Started', S.queueSubtasks, index);
      b.stateEntered(t, S.sendSubtask, { subtask });
      b.taskScheduled(t, S.sendSubtask, { subtask });
      b.taskSucceeded(t, S.sendSubtask, { MessageId: `${index}` });
      b.stateExited(t, S.sendSubtask, { MessageId: `${index}` });
      b.mapIteration(t, 'Succeeded', S.queueSubtasks, index);
    });
    b.stateExited(t, S.queueSubtasks, data);
  }
  task(
    S.criticReview,
    run.reviewMs ?? 0,
    { verdict: run.verdict, reviewer: 'critic', lane },
    'review',
  );
  if (has(S.checkReview)) pass(S.checkReview);
  if (has(S.storeReview)) task(S.storeReview, 0, {});
  pass(S.criticVerdict);
  if (run.failState === S.criticRejected)
    return finish(b, end, S.criticRejected);
  if (run.approval) {
    if (run.approval.decision === 'timeout') {
      failedTask(
        S.requestApproval,
        run.approval.ms,
        'States.Timeout',
        'The approval wait timed out',
      );
      task(S.recordApprovalTimeout, 0, {});
      return finish(b, end, S.approvalTimedOut);
    }
    task(
      S.requestApproval,
      run.approval.ms,
      { decision: run.approval.decision, approver: 'user:default/guest' },
      'approval',
    );
    pass(S.approvalDecision);
    if (run.approval.decision === 'rejected')
      return finish(b, end, S.approvalRejected);
  }
  pass(S.selectLane);
  const execute = executeStateName(lane);
  if (run.execute === 'task-failed') {
    failedTask(
      execute,
      run.executeMs ?? 0,
      'States.TaskFailed',
      'ResourceInitializationError: unable to pull secrets or registry auth',
    );
    task(S.markRunFailed, 0, {});
    return finish(b, end, S.runFailed);
  }
  task(
    execute,
    run.executeMs ?? 0,
    { exitCode: run.exitCode, stopCode: 'EssentialContainerExited' },
    'execution',
  );
  pass(S.checkExitCode);
  if (run.execute === 'exit-nonzero') {
    pass('TaskExitedNonZero');
    task(S.markRunFailed, 0, {});
    return finish(b, end, S.runFailed);
  }
  task(S.sweeperCleanup, 0, {});
  return finish(b, end);
}

function finish(
  b: HistoryBuilder,
  end: (failState?: string) => void,
  failState?: string,
): HistoryEvent[] {
  end(failState);
  return b.events;
}

/** The history of a seeded sweeper run: it read its lane, swept, and succeeded. */
export function syntheticSweeperHistory(
  workflow: Workflow,
  execution: ExecutionRecord,
): HistoryEvent[] {
  const b = new HistoryBuilder(workflow.states, workflow.machine.region);
  const lane = parseExecutionName(execution.name)?.lane ?? 'read_only';
  const input =
    execution.input ??
    JSON.stringify({ agent: 'sweeper', task: { kind: 'sweep' } });
  const stop = execution.stopMs ?? execution.startMs;
  const t = execution.startMs;
  b.executionStarted(t, input, workflow.machine.roleArn);
  for (const [name, state] of workflow.states) {
    if (
      name.startsWith('Sweep') &&
      state.Type === 'Task' &&
      !name.endsWith(pascal(lane))
    )
      continue;
    if (state.Type === 'Fail' || name === 'SweeperDefaultToReadOnly') continue;
    const at =
      state.Type === 'Succeed' ||
      (name.startsWith('Sweep') && state.Type === 'Task')
        ? stop
        : t;
    b.stateEntered(state.Type === 'Succeed' ? stop : t, name, {
      agent: 'sweeper',
      lane,
    });
    if (state.Type === 'Task') {
      b.taskScheduled(t, name, { agent: 'sweeper' });
      b.taskSucceeded(at, name, {});
    }
    b.stateExited(at, name, { agent: 'sweeper', lane });
  }
  b.executionSucceeded(stop, JSON.stringify({ agent: 'sweeper', lane }));
  return b.events;
}

function pascal(lane: string): string {
  return lane
    .split('_')
    .map(p => p[0].toUpperCase() + p.slice(1))
    .join('');
}
