import {
  AslDefinition,
  CONDUCTOR_STATES as S,
  ECS_START_ERRORS,
  RUN_ITEMS,
  WORKFLOW_ERRORS,
  executeStateName,
} from '@agent-mesh/infra-constructs';
import {
  LANES,
  Lane,
  executionName,
} from '@agent-mesh/plugin-agent-mesh-common';
import { StateMachine } from 'aws-local-stepfunctions';
import { synthesizeLocalAsl } from './localAsl';

type Handler = (input: any) => Promise<any>;

const LOCAL = { account: '111122223333', region: 'eu-west-1' };

/** A person approving at the gate, as the portal answers the task token. */
const approve: Handler = async () => ({
  decision: 'approved',
  approver: 'user:default/ana',
});

/** Lets the event loop run until nothing is left to do now (the interpreter works in promise chains). */
const idle = async () => {
  for (let i = 0; i < 20; i++) await new Promise(r => setImmediate(r));
};

/** Runs a definition with every Task state answered by a local handler; records each call. */
async function run(
  definition: AslDefinition,
  options: {
    agent?: string;
    storedLane?: Lane;
    verdict?: string;
    approval?: Handler;
    /** The lane item ReloadLane reads; by default none (`{}`), which keeps the planned lane. */
    reloadedLane?: string;
    failing?: string;
    /** The error name the failing state raises; by default `States.TaskFailed`. */
    failingError?: string;
    /** How many calls of the failing state fail before it answers; by default every call. */
    failingTimes?: number;
    /** The run input; by default `{ agent, task }`. */
    input?: Record<string, unknown>;
    /** What the plan step answers; by default two subtasks. */
    plan?: unknown;
    /** What the review step answers; by default `{ verdict }`. */
    review?: unknown;
    exitCode?: number;
    /** Where the calls are recorded, so a test can look at them while the run waits. */
    calls?: Array<{ state: string; input: any }>;
  },
) {
  const agent = options.agent ?? 'code-reviewer';
  const calls: Array<{ state: string; input: any }> = options.calls ?? [];
  let failures = 0;
  const record =
    (state: string, result: (input: any) => unknown): Handler =>
    async input => {
      calls.push({ state, input });
      if (
        options.failing === state &&
        failures < (options.failingTimes ?? Infinity)
      ) {
        failures += 1;
        const error = new Error(`${state} failed`);
        error.name = options.failingError ?? 'States.TaskFailed';
        throw error;
      }
      return result(input);
    };
  const handlers: Record<string, Handler> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Task') handlers[name] = record(name, () => ({}));
  }
  /** The GetItem answer for the agent's lane item: none (`{}`) without a lane. */
  const laneItem = (lane: string | undefined, version: number) =>
    lane
      ? {
          Item: {
            pk: { S: `agent#${agent}` },
            sk: { S: 'lane' },
            lane: { S: lane },
            version: { N: String(version) },
          },
        }
      : {};
  handlers[S.loadLane] = record(S.loadLane, () =>
    laneItem(options.storedLane, 3),
  );
  handlers[S.reloadLane] = record(S.reloadLane, () =>
    laneItem(options.reloadedLane, 4),
  );
  handlers[S.plan] = record(
    S.plan,
    () =>
      options.plan ?? {
        subtasks: [{ id: 1 }, { id: 2 }],
        summary: 'two steps',
      },
  );
  handlers[S.sendSubtask] = record(S.sendSubtask, () => ({ MessageId: 'm' }));
  handlers[S.criticReview] = record(
    S.criticReview,
    () => options.review ?? { verdict: options.verdict ?? 'approved' },
  );
  for (const lane of LANES) {
    handlers[executeStateName(lane)] = record(executeStateName(lane), () => ({
      TaskArn: `arn:aws:ecs:eu-west-1:111122223333:task/c/${lane}`,
      StopCode: 'EssentialContainerExited',
      Containers: [{ ExitCode: options.exitCode ?? 0 }],
    }));
  }
  if (options.approval) {
    const approval = options.approval;
    handlers[S.requestApproval] = async input => {
      calls.push({ state: S.requestApproval, input });
      return approval(input);
    };
  }
  const machine = new StateMachine(definition as any, {
    validationOptions: { checkArn: false, checkPaths: false },
  });
  const lane = options.storedLane ?? 'read_only';
  const name = executionName(agent, lane, 'run-1');
  // Retries wait no time here; what is retried, and how often, is the definition's.
  const retryIntervalOverrides = Object.fromEntries(
    Object.entries(definition.States)
      .filter(([, state]) => state.Retry)
      .map(([stateName]) => [stateName, 0]),
  );
  const execution = machine.run(
    (options.input ?? {
      agent,
      task: { goal: 'review the billing module' },
    }) as any,
    {
      overrides: {
        taskResourceLocalHandlers: handlers,
        retryIntervalOverrides,
      },
      context: {
        Execution: {
          Id: `arn:aws:states:eu-west-1:111122223333:execution:agent-mesh-demo-orchestration:${name}`,
          Name: name,
        },
        Task: { Token: 'local-task-token' },
      },
    },
  );
  let output: unknown;
  let error: Error | undefined;
  try {
    output = await execution.result;
  } catch (e) {
    // aws-local-stepfunctions wraps the failing state's error; its name is the ASL error.
    error = ((e as Error).cause as Error | undefined) ?? (e as Error);
  }
  const visited: string[] = [];
  for await (const event of execution.eventLogs) {
    if (event.type === 'StateEntered') visited.push((event as any).state.name);
    if (event.type === 'ExecutionSucceeded' || event.type === 'ExecutionFailed')
      break;
  }
  return {
    output,
    error,
    calls,
    visited,
    name,
    called: (state: string) => calls.filter(c => c.state === state),
  };
}

/** The `Value` of `variable` in a RunTask call's container overrides. */
function containerVariable(call: { input: any }, variable: string) {
  return call.input.Overrides.ContainerOverrides[0].Environment.find(
    (e: { Name: string }) => e.Name === variable,
  )?.Value;
}

describe('the conductor workflow as synthesized (medium tier) under aws-local-stepfunctions', () => {
  let definition: AslDefinition;

  beforeAll(() => {
    // GIVEN the medium tier's definition resolved to a local account and region
    definition = synthesizeLocalAsl('medium', { meshId: 'demo' }, LOCAL)
      .orchestration.definition;
  });

  it('resolves every intrinsic to the given local values', () => {
    const json = JSON.stringify(definition);
    expect(json).not.toMatch(/Fn::|"Ref"|\$\{Token/);
    expect(json).toContain(
      'arn:aws:ecs:eu-west-1:111122223333:cluster/agent-mesh-demo-agents',
    );
    expect(json).toContain('"TableName":"agent-mesh-demo-kv"');
    expect(json).toContain(
      'arn:aws:events:eu-west-1:111122223333:event-bus/agent-mesh-demo',
    );
  });

  it('runs the approved path: critic asks for approval, a person approves, the agent executes', async () => {
    // WHEN the critic wants approval and the portal answers with the task token approved
    const result = await run(definition, {
      storedLane: 'dry_run',
      verdict: 'needs_approval',
      approval: async () => ({
        decision: 'approved',
        approver: 'user:default/ana',
      }),
    });
    // THEN the approval request carried the task token on the mesh bus, and the dry_run task ran
    expect(result.error).toBeUndefined();
    const [request] = result.called(S.requestApproval);
    const entry = request.input.Entries[0];
    expect(entry.DetailType).toBe('agent-mesh.approval.requested');
    expect(entry.EventBusName).toBe(
      'arn:aws:events:eu-west-1:111122223333:event-bus/agent-mesh-demo',
    );
    expect(entry.Detail).toMatchObject({
      taskToken: 'local-task-token',
      agent: 'code-reviewer',
      lane: 'dry_run',
    });
    expect(result.called(executeStateName('dry_run'))).toHaveLength(1);
    expect(result.called(S.sendSubtask)).toHaveLength(2);
    expect(result.visited).toEqual(
      expect.arrayContaining([
        S.approvalDecision,
        S.sweeperCleanup,
        S.runSucceeded,
      ]),
    );
  });

  it('runs the rejected path: a person rejects, nothing executes', async () => {
    const result = await run(definition, {
      storedLane: 'execute',
      verdict: 'needs_approval',
      approval: async () => ({
        decision: 'rejected',
        approver: 'user:default/bo',
      }),
    });
    expect(result.error?.name).toBe(WORKFLOW_ERRORS.approvalRejected);
    expect(result.visited).toContain(S.approvalRejected);
    for (const lane of LANES)
      expect(result.called(executeStateName(lane))).toHaveLength(0);
  });

  it('ends at ApprovalTimedOut when nobody decides before the timeout', async () => {
    const result = await run(definition, {
      storedLane: 'execute',
      verdict: 'needs_approval',
      approval: async () => {
        const timeout = new Error('States.Timeout');
        timeout.name = 'States.Timeout';
        throw timeout;
      },
    });
    expect(result.error?.name).toBe(WORKFLOW_ERRORS.approvalTimedOut);
    expect(result.visited).toEqual(
      expect.arrayContaining([S.recordApprovalTimeout, S.approvalTimedOut]),
    );
    expect(result.called(executeStateName('execute'))).toHaveLength(0);
  });

  it('declares the approval wait as waitForTaskToken with a timeout caught by name', () => {
    const gate = definition.States[S.requestApproval] as any;
    expect(gate.Resource).toBe(
      'arn:aws:states:::events:putEvents.waitForTaskToken',
    );
    expect(gate.TimeoutSeconds).toBe(24 * 3600);
    expect(gate.Catch[0]).toMatchObject({
      ErrorEquals: ['States.Timeout'],
      Next: S.recordApprovalTimeout,
    });
  });

  it.each(LANES)(
    'runs the agent task definition of the stored lane %s',
    async lane => {
      const result = await run(definition, {
        storedLane: lane,
        agent: 'billing-bot',
        approval: approve,
      });
      expect(result.error).toBeUndefined();
      // only the execute lane needed the person, the critic having approved
      expect(result.called(S.requestApproval)).toHaveLength(
        lane === 'execute' ? 1 : 0,
      );
      const runs = result.calls.filter(c => c.state.startsWith('Execute'));
      expect(runs.map(r => r.state)).toEqual([executeStateName(lane)]);
      expect(runs[0].input.TaskDefinition).toBe(
        `agent-mesh-demo-billing-bot-${lane}`,
      );
      expect(runs[0].input.Cluster).toBe(
        'arn:aws:ecs:eu-west-1:111122223333:cluster/agent-mesh-demo-agents',
      );
    },
  );

  it('falls back to read_only when the agent has no lane item', async () => {
    const result = await run(definition, {});
    expect(result.visited).toContain(S.defaultToReadOnly);
    expect(result.called(executeStateName('read_only'))).toHaveLength(1);
  });

  it('reaches RunFailed through MarkRunFailed when the agent task fails', async () => {
    const result = await run(definition, {
      storedLane: 'execute',
      approval: approve,
      failing: executeStateName('execute'),
    });
    expect(result.error?.name).toBe(WORKFLOW_ERRORS.runFailed);
    expect(result.visited).toEqual(
      expect.arrayContaining([S.markRunFailed, S.runFailed]),
    );
    const [mark] = result.called(S.markRunFailed);
    expect(mark.input.ExpressionAttributeValues[':error']).toEqual({
      S: 'States.TaskFailed',
    });
    expect(result.visited).not.toContain(S.sweeperCleanup);
  });

  it('treats a non-zero exit code as a failed run', async () => {
    const result = await run(definition, {
      storedLane: 'dry_run',
      exitCode: 2,
    });
    expect(result.error?.name).toBe(WORKFLOW_ERRORS.runFailed);
    expect(result.visited).toContain(S.markRunFailed);
  });

  it('ends at CriticRejected when the critic rejects the plan', async () => {
    const result = await run(definition, {
      storedLane: 'execute',
      verdict: 'rejected',
    });
    expect(result.error?.name).toBe(WORKFLOW_ERRORS.criticRejected);
    expect(result.called(S.requestApproval)).toHaveLength(0);
  });

  it('makes an execute run wait at RequestApproval for a person although the critic approved', async () => {
    // GIVEN an agent in execute whose plan the critic approves, and a portal that has not answered yet
    const calls: Array<{ state: string; input: any }> = [];
    let answer!: (output: unknown) => void;
    let requested!: () => void;
    const atGate = new Promise<void>(resolve => (requested = resolve));
    // WHEN the run starts
    let finished = false;
    const running = run(definition, {
      storedLane: 'execute',
      verdict: 'approved',
      calls,
      approval: () => {
        requested();
        return new Promise(resolve => (answer = resolve));
      },
    }).finally(() => (finished = true));
    await atGate;
    await idle();
    // THEN it waits at the task-token wait with the token on the bus, and nothing has executed
    expect(finished).toBe(false);
    const request = calls.find(c => c.state === S.requestApproval)!;
    expect(request.input.Entries[0].Detail).toMatchObject({
      taskToken: 'local-task-token',
      lane: 'execute',
      review: { verdict: 'approved' },
    });
    expect(calls.filter(c => c.state.startsWith('Execute'))).toEqual([]);
    // AND WHEN a person approves THEN the run reloads the lane and executes in execute
    answer({ decision: 'approved', approver: 'user:default/ana' });
    const result = await running;
    expect(result.error).toBeUndefined();
    expect(result.visited).toEqual(
      expect.arrayContaining([
        S.requestApproval,
        S.approvalDecision,
        S.reloadLane,
        S.selectLane,
      ]),
    );
    expect(result.called(executeStateName('execute'))).toHaveLength(1);
  });

  it('runs a demoted agent in its lower lane when the demotion came while the run waited for approval', async () => {
    // GIVEN an execute run approved by a person, and the agent demoted to dry_run meanwhile
    const result = await run(definition, {
      agent: 'billing-bot',
      storedLane: 'execute',
      verdict: 'needs_approval',
      approval: approve,
      reloadedLane: 'dry_run',
    });
    // THEN the lane was read again, consistently, and the dry_run task ran instead of the execute one
    expect(result.error).toBeUndefined();
    const [reload] = result.called(S.reloadLane);
    expect(reload.input).toMatchObject({
      TableName: 'agent-mesh-demo-kv',
      Key: { pk: { S: 'agent#billing-bot' }, sk: { S: 'lane' } },
      ConsistentRead: true,
    });
    expect(result.visited).toContain(S.useReloadedLane);
    expect(result.called(executeStateName('execute'))).toHaveLength(0);
    const [task] = result.called(executeStateName('dry_run'));
    expect(task.input.TaskDefinition).toBe(
      'agent-mesh-demo-billing-bot-dry_run',
    );
    expect(result.output).toMatchObject({ lane: 'dry_run' });
  });

  it('runs in read_only when a dry_run agent is demoted to read_only before its lane is chosen', async () => {
    const result = await run(definition, {
      storedLane: 'dry_run',
      reloadedLane: 'read_only',
    });
    expect(result.error).toBeUndefined();
    expect(
      result.calls.filter(c => c.state.startsWith('Execute')).map(c => c.state),
    ).toEqual([executeStateName('read_only')]);
  });

  it.each([
    ['a higher lane', 'execute'],
    ['no lane item', undefined],
    ['an unknown lane', 'root'],
  ])(
    'keeps the planned lane when the reloaded item holds %s',
    async (_case, reloadedLane) => {
      // GIVEN a run planned and reviewed in dry_run
      const result = await run(definition, {
        storedLane: 'dry_run',
        reloadedLane,
      });
      // THEN it never runs higher than that: the dry_run task runs
      expect(result.error).toBeUndefined();
      expect(result.visited).toContain(S.reloadLane);
      expect(result.visited).not.toContain(S.useReloadedLane);
      expect(
        result.calls
          .filter(c => c.state.startsWith('Execute'))
          .map(c => c.state),
      ).toEqual([executeStateName('dry_run')]);
    },
  );

  it('hands the task, plan and review to the containers by key in the KV table, not in container overrides', async () => {
    // WHEN an approved dry_run run goes through
    const result = await run(definition, { storedLane: 'dry_run' });
    expect(result.error).toBeUndefined();
    // THEN the workflow wrote each part as an item of the run, before the step that reads it
    const runKey = `run#${result.name}`;
    const stored = (state: string) => result.called(state)[0].input;
    expect(stored(S.storeRunTask)).toMatchObject({
      TableName: 'agent-mesh-demo-kv',
      Item: {
        pk: { S: runKey },
        sk: { S: RUN_ITEMS.parts.task },
        body: { S: JSON.stringify({ goal: 'review the billing module' }) },
      },
    });
    expect(stored(S.storePlan).Item.sk).toEqual({ S: RUN_ITEMS.parts.plan });
    expect(JSON.parse(stored(S.storePlan).Item.body.S)).toMatchObject({
      subtasks: [{ id: 1 }, { id: 2 }],
    });
    expect(JSON.parse(stored(S.storeReview).Item.body.S)).toEqual({
      verdict: 'approved',
    });
    expect(result.visited.indexOf(S.storeRunTask)).toBeLessThan(
      result.visited.indexOf(S.plan),
    );
    expect(result.visited.indexOf(S.storePlan)).toBeLessThan(
      result.visited.indexOf(S.criticReview),
    );
    // AND the containers get only the key, so no plan or task can outgrow the 8,192-character overrides
    for (const state of [S.plan, S.criticReview, executeStateName('dry_run')]) {
      const [call] = result.called(state);
      expect(containerVariable(call, RUN_ITEMS.keyVariable)).toBe(runKey);
      expect(containerVariable(call, 'AGENT_MESH_TASK')).toBeUndefined();
      expect(containerVariable(call, 'AGENT_MESH_PLAN')).toBeUndefined();
      expect(JSON.stringify(call.input.Overrides).length).toBeLessThan(8192);
    }
  });

  it.each([
    [
      'a plan without subtasks',
      { plan: { summary: 'no list' } },
      'invalidPlan',
    ],
    [
      'a plan whose subtasks is not a list',
      { plan: { subtasks: 'do it all' } },
      'invalidPlan',
    ],
    [
      'a review without a verdict',
      { review: { reviewer: 'critic' } },
      'invalidReview',
    ],
    [
      'a review whose verdict is not a string',
      { review: { verdict: true } },
      'invalidReview',
    ],
    [
      'a run input without a task',
      { input: { agent: 'code-reviewer' } },
      'invalidInput',
    ],
  ] as const)(
    'ends %s in MarkRunFailed with a named error, not a States.Runtime failure',
    async (_case, answer, error) => {
      // WHEN the run gets the malformed input or answer
      const result = await run(definition, {
        storedLane: 'dry_run',
        ...answer,
      });
      // THEN it fails through MarkRunFailed, which records the named error on the run's timeline item
      expect(result.error?.name).toBe(WORKFLOW_ERRORS.runFailed);
      expect(result.visited).toEqual(
        expect.arrayContaining([S.markRunFailed, S.runFailed]),
      );
      const [mark] = result.called(S.markRunFailed);
      expect(mark.input.ExpressionAttributeValues[':error']).toEqual({
        S: WORKFLOW_ERRORS[error],
      });
      expect(mark.input.Key).toEqual({
        pk: { S: 'timeline#code-reviewer' },
        sk: { S: result.name },
      });
      // AND nothing ran on the malformed value: no lane executed (and, before review, no subtask queued)
      const queuedBeforeReview =
        error === 'invalidReview' ? 0 : result.called(S.sendSubtask).length;
      expect(queuedBeforeReview).toBe(0);
      for (const lane of LANES)
        expect(result.called(executeStateName(lane))).toHaveLength(0);
      // A bad plan is caught before the timeline records it as planned.
      expect(
        error === 'invalidPlan' && result.visited.includes(S.recordTimeline),
      ).toBe(false);
    },
  );

  it('ends a run without an agent at once with AgentMesh.InvalidInput', async () => {
    const result = await run(definition, { input: { task: { goal: 'x' } } });
    expect(result.error?.name).toBe(WORKFLOW_ERRORS.invalidInput);
    expect(result.calls).toEqual([]);
  });

  it('fails a step whose container stops sending heartbeats, without retrying it, through MarkRunFailed', async () => {
    // GIVEN a plan container that died: Step Functions fails the step with States.HeartbeatTimeout
    const result = await run(definition, {
      storedLane: 'dry_run',
      failing: S.plan,
      failingError: 'States.HeartbeatTimeout',
    });
    // THEN the step ran once and the run ended in MarkRunFailed with that error
    expect(definition.States[S.plan].HeartbeatSeconds).toBe(300);
    expect(result.called(S.plan)).toHaveLength(1);
    expect(result.error?.name).toBe(WORKFLOW_ERRORS.runFailed);
    const [mark] = result.called(S.markRunFailed);
    expect(mark.input.ExpressionAttributeValues[':error']).toEqual({
      S: 'States.HeartbeatTimeout',
    });
  });

  it.each([S.plan, S.criticReview])(
    'retries %s when ECS could not start the task, and not when the agent failed',
    async state => {
      // WHEN ECS has no capacity once THEN the step is tried again and the run goes on
      const capacity = await run(definition, {
        storedLane: 'dry_run',
        failing: state,
        failingError: ECS_START_ERRORS[0],
        failingTimes: 1,
      });
      expect(capacity.error).toBeUndefined();
      expect(capacity.called(state)).toHaveLength(2);
      // WHEN the agent's own step fails THEN it is not retried
      const agentFailed = await run(definition, {
        storedLane: 'dry_run',
        failing: state,
        failingTimes: 1,
      });
      expect(agentFailed.called(state)).toHaveLength(1);
      expect(agentFailed.error?.name).toBe(WORKFLOW_ERRORS.runFailed);
    },
  );

  it('gives the whole run a time limit', () => {
    expect(definition.TimeoutSeconds).toBe(2 * 1800 + 86400 + 3600 + 1800);
  });

  it('reaches SelectLane only through ReloadLane', () => {
    const targets = Object.entries(definition.States).flatMap(
      ([name, state]: [string, any]) =>
        [
          state.Next,
          state.Default,
          ...(state.Choices ?? []).map((c: any) => c.Next),
        ]
          .filter(next => next === S.selectLane)
          .map(() => name),
    );
    expect([...new Set(targets)].sort()).toEqual(
      [S.compareReloadedLane, S.useReloadedLane].sort(),
    );
    expect(definition.States[S.reloadLane]).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:getItem',
      Next: S.compareReloadedLane,
    });
  });
});

describe("the medium tier's conductor with approvals.execute 'on-critic-request'", () => {
  let definition: AslDefinition;

  beforeAll(() => {
    // GIVEN a medium mesh whose execute runs need a person only when the critic asks
    definition = synthesizeLocalAsl(
      'medium',
      { meshId: 'demo', approvals: { execute: 'on-critic-request' } },
      LOCAL,
    ).orchestration.definition;
  });

  it('lets the critic approve an execute run without a person', async () => {
    // WHEN an execute run's plan is approved by the critic
    const result = await run(definition, {
      storedLane: 'execute',
      verdict: 'approved',
    });
    // THEN it skips the gate and executes
    expect(result.error).toBeUndefined();
    expect(result.called(S.requestApproval)).toHaveLength(0);
    expect(result.called(executeStateName('execute'))).toHaveLength(1);
  });

  it('still stops at the gate when the critic asks for approval', async () => {
    const result = await run(definition, {
      storedLane: 'execute',
      verdict: 'needs_approval',
      approval: approve,
    });
    expect(result.called(S.requestApproval)).toHaveLength(1);
    expect(result.called(executeStateName('execute'))).toHaveLength(1);
  });
});

describe('the small tier workflow', () => {
  it('has no approval gate and no execute lane', async () => {
    const { orchestration } = synthesizeLocalAsl(
      'small',
      { meshId: 'tiny' },
      LOCAL,
    );
    expect(orchestration.definition.States[S.requestApproval]).toBeUndefined();
    expect(
      orchestration.definition.States[executeStateName('execute')],
    ).toBeUndefined();
    // nothing in a small mesh consumes subtasks (only execute roles do), so its conductor queues none
    expect(orchestration.definition.States[S.queueSubtasks]).toBeUndefined();
    const result = await run(orchestration.definition, {
      storedLane: 'execute',
      verdict: 'approved',
    });
    expect(result.error?.name).toBe(WORKFLOW_ERRORS.unknownLane);
    const needsApproval = await run(orchestration.definition, {
      storedLane: 'dry_run',
      verdict: 'needs_approval',
    });
    expect(needsApproval.error?.name).toBe(WORKFLOW_ERRORS.criticRejected);
  });

  it('runs the sweeper in its own stored lane', async () => {
    const { sweeper } = synthesizeLocalAsl('small', { meshId: 'tiny' }, LOCAL);
    const calls: string[] = [];
    const machine = new StateMachine(sweeper.definition as any, {
      validationOptions: { checkArn: false, checkPaths: false },
    });
    const output = await machine.run(
      { agent: 'sweeper', task: { kind: 'sweep' } },
      {
        overrides: {
          taskResourceLocalHandlers: {
            LoadSweeperLane: async () => ({ Item: { lane: { S: 'dry_run' } } }),
            SweepReadOnly: async (input: any) => {
              calls.push(input.TaskDefinition);
              return {};
            },
            SweepDryRun: async (input: any) => {
              calls.push(input.TaskDefinition);
              return {
                TaskArn: 't',
                StopCode: 'x',
                Containers: [{ ExitCode: 0 }],
              };
            },
          },
        },
        context: {
          Execution: {
            Id: 'arn:aws:states:eu-west-1:111122223333:execution:agent-mesh-tiny-sweeper:s1',
          },
        },
      },
    ).result;
    expect(calls).toEqual(['agent-mesh-tiny-sweeper-dry_run']);
    expect(output).toMatchObject({ lane: 'dry_run' });
  });
});
