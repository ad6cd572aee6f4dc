import {
  CONDUCTOR_STATES as S,
  executeStateName,
  RUN_ITEMS,
  WORKFLOW_ERRORS,
} from '@agent-mesh/infra-constructs';
import { executionName } from '@agent-mesh/plugin-agent-mesh-common';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import {
  clientsFor,
  controlFetch,
  eventually,
  startTestAws,
} from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

const BILLING =
  'arn:aws:states:us-east-1:222222222222:stateMachine:agent-mesh-billing-staging-orchestration';
const HOUR = 3_600_000;

describe('the living world', () => {
  let running: RunningLocalAws;
  let clients: ReturnType<typeof clientsFor>;

  beforeEach(async () => {
    running = await startTestAws({ historyDays: 3 });
    clients = clientsFor(running, 'us-east-1');
  });
  afterEach(() => running.close());

  const control = async (method: string, path: string, body?: unknown) =>
    (await controlFetch(running, method, path, body)).json();

  async function statesVisited(executionArn: string): Promise<string[]> {
    const history = await clients.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }),
    );
    return history
      .events!.filter(e => e.type!.endsWith('StateEntered'))
      .map(e => e.stateEnteredEventDetails!.name!);
  }

  /** Approves a run waiting at the gate, over the wire, as the portal does. */
  function approve(taskToken: string) {
    return clients.sfn.send(
      new SendTaskSuccessCommand({
        taskToken,
        output: JSON.stringify({
          decision: 'approved',
          approver: 'user:default/ana',
        }),
      }),
    );
  }

  async function runMany(
    agent: string,
    lane: string,
    count: number,
    tag: string,
  ): Promise<string[]> {
    const arns: string[] = [];
    for (let i = 0; i < count; i++) {
      const started = await clients.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: BILLING,
          name: executionName(agent, lane as any, `${tag}-${i}`),
          input: JSON.stringify({ agent, task: { goal: tag } }),
        }),
      );
      arns.push(started.executionArn!);
    }
    await running.world().advance(2 * HOUR);
    return arns;
  }

  it('takes the new lane at the next run after a promotion written through UpdateItem', async () => {
    // GIVEN the critic in dry_run
    const before = await runMany('critic', 'dry_run', 8, 'before');
    const beforeExecutes = (
      await Promise.all(before.map(statesVisited))
    ).filter(v => v.includes(S.selectLane));
    expect(beforeExecutes.length).toBeGreaterThan(0);
    for (const visited of beforeExecutes)
      expect(visited).toContain(executeStateName('dry_run'));

    // WHEN the portal promotes it with a conditional write on the lane item
    await clients.dynamoDb.send(
      new UpdateItemCommand({
        TableName: 'agent-mesh-billing-staging-kv',
        Key: { pk: { S: 'agent#critic' }, sk: { S: 'lane' } },
        UpdateExpression: 'SET #lane = :lane, #v = #v + :one',
        ConditionExpression: '#lane = :from',
        ExpressionAttributeNames: { '#lane': 'lane', '#v': 'version' },
        ExpressionAttributeValues: {
          ':lane': { S: 'execute' },
          ':from': { S: 'dry_run' },
          ':one': { N: '1' },
        },
      }),
    );

    // THEN the next runs read execute in LoadLane, wait for a person (every execute run does), and once approved
    // run the execute task definition
    const after = await runMany('critic', 'execute', 8, 'after');
    const waiting = running.world().approvals.waiting();
    expect(waiting.length).toBeGreaterThan(0);
    for (const approval of waiting) await approve(approval.taskToken);
    await running.world().advance(2 * HOUR);
    const afterVisits = await Promise.all(after.map(statesVisited));
    const executed = afterVisits.filter(v => v.includes(S.selectLane));
    expect(executed.length).toBeGreaterThan(0);
    for (const visited of executed) {
      expect(visited).toContain(executeStateName('execute'));
      expect(visited).not.toContain(executeStateName('dry_run'));
    }
    const history = await clients.sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: after[afterVisits.indexOf(executed[0])],
        maxResults: 1000,
      }),
    );
    const scheduled = history
      .events!.filter(e => e.type === 'TaskScheduled')
      .map(e => JSON.parse(e.taskScheduledEventDetails!.parameters!));
    expect(scheduled.map(p => p.TaskDefinition)).toContain(
      'agent-mesh-billing-staging-critic-execute',
    );
  });

  it('hands the planner, critic and agent their task and plan by key in the KV table, as a real mesh does', async () => {
    // WHEN a run goes through the conductor
    const goal = 'x'.repeat(9000);
    const name = executionName('critic', 'dry_run', 'by-key');
    const started = await clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: BILLING,
        name,
        input: JSON.stringify({ agent: 'critic', task: { goal } }),
      }),
    );
    await running.world().advance(2 * HOUR);
    // THEN the task, larger than container overrides could hold, waits in the KV table under the run's key
    const stored = await clients.dynamoDb.send(
      new GetItemCommand({
        TableName: 'agent-mesh-billing-staging-kv',
        Key: { pk: { S: `run#${name}` }, sk: { S: RUN_ITEMS.parts.task } },
      }),
    );
    expect(JSON.parse(stored.Item![RUN_ITEMS.bodyAttribute].S!)).toEqual({
      goal,
    });
    // AND every task the run started got the key, not the task
    const history = await clients.sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: started.executionArn!,
        maxResults: 1000,
      }),
    );
    const runTasks = history
      .events!.filter(e => e.type === 'TaskScheduled')
      .map(e => JSON.parse(e.taskScheduledEventDetails!.parameters!))
      .filter(p => p.Overrides);
    expect(runTasks.length).toBeGreaterThanOrEqual(2);
    for (const parameters of runTasks) {
      const environment =
        parameters.Overrides.ContainerOverrides[0].Environment;
      expect(environment).toContainEqual({
        Name: RUN_ITEMS.keyVariable,
        Value: `run#${name}`,
      });
      expect(JSON.stringify(parameters)).not.toContain(goal);
    }
  });

  it('ends a run started without a task in MarkRunFailed with AgentMesh.InvalidInput', async () => {
    const started = await clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: BILLING,
        name: executionName('critic', 'dry_run', 'no-task'),
        input: JSON.stringify({ agent: 'critic' }),
      }),
    );
    await running.world().advance(HOUR);
    const done = await clients.sfn.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn! }),
    );
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe(WORKFLOW_ERRORS.runFailed);
    expect(await statesVisited(started.executionArn!)).toEqual(
      expect.arrayContaining([S.invalidInput, S.markRunFailed]),
    );
    const timeline = await clients.dynamoDb.send(
      new GetItemCommand({
        TableName: 'agent-mesh-billing-staging-kv',
        Key: {
          pk: { S: 'timeline#critic' },
          sk: { S: executionName('critic', 'dry_run', 'no-task') },
        },
      }),
    );
    expect(timeline.Item).toMatchObject({
      status: { S: 'failed' },
      error: { S: WORKFLOW_ERRORS.invalidInput },
    });
  });

  async function waitingRun(): Promise<{
    taskToken: string;
    executionArn: string;
  }> {
    const world = running.world();
    const mesh = world.meshes.get('billing-staging')!;
    world.startRun(mesh, world.clock.now(), {
      agent: 's3-expert',
      forceApproval: true,
    });
    await world.advance(HOUR);
    const { approvals } = await control('GET', '/approvals');
    expect(approvals).toHaveLength(1);
    return approvals[0];
  }

  it('waits at the approval gate with the token on the bus, and runs on after SendTaskSuccess', async () => {
    const approval = await waitingRun();
    const { events } = await control(
      'GET',
      '/events?detailType=agent-mesh.approval.requested',
    );
    expect(events[0].detail).toMatchObject({
      taskToken: approval.taskToken,
      meshId: 'billing-staging',
      agent: 's3-expert',
    });
    const waiting = await clients.sfn.send(
      new DescribeExecutionCommand({ executionArn: approval.executionArn }),
    );
    expect(waiting.status).toBe('RUNNING');

    await approve(approval.taskToken);
    await running.world().advance(2 * HOUR);
    const visited = await statesVisited(approval.executionArn);
    expect(visited).toEqual(
      expect.arrayContaining([
        S.requestApproval,
        S.approvalDecision,
        S.selectLane,
      ]),
    );
    expect(visited).not.toContain(S.approvalRejected);
    expect((await control('GET', '/approvals')).approvals).toEqual([]);
    await expect(
      clients.sfn.send(
        new SendTaskSuccessCommand({
          taskToken: approval.taskToken,
          output: '{}',
        }),
      ),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('fails with the rejection error after SendTaskFailure', async () => {
    const approval = await waitingRun();
    await clients.sfn.send(
      new SendTaskFailureCommand({
        taskToken: approval.taskToken,
        error: WORKFLOW_ERRORS.approvalRejected,
        cause: 'not now',
      }),
    );
    await running.world().settle();
    const done = await eventually(async () => {
      const d = await clients.sfn.send(
        new DescribeExecutionCommand({ executionArn: approval.executionArn }),
      );
      return d.status !== 'RUNNING' && d;
    });
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe(WORKFLOW_ERRORS.approvalRejected);
    expect(await statesVisited(approval.executionArn)).toContain(
      S.approvalRejected,
    );
  });

  it('times out at the approval gate when nobody decides', async () => {
    const approval = await waitingRun();
    await running.world().advance(25 * HOUR);
    const done = await clients.sfn.send(
      new DescribeExecutionCommand({ executionArn: approval.executionArn }),
    );
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe(WORKFLOW_ERRORS.approvalTimedOut);
    const history = await clients.sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: approval.executionArn,
        reverseOrder: true,
      }),
    );
    expect(history.events!.map(e => e.type)).toContain('TaskTimedOut');
    expect(
      done.stopDate!.getTime() - done.startDate!.getTime(),
    ).toBeGreaterThanOrEqual(24 * HOUR);
  });

  it('starts runs over time when live runs are on, with metrics that count them', async () => {
    await running.close();
    running = await startTestAws({
      historyDays: 2,
      liveRuns: true,
      runsPerHour: 12,
    });
    clients = clientsFor(running, 'us-east-1');
    const before = running.world().meshes.get('billing-staging')!.orchestration
      .machine.executions.length;
    await control('POST', '/clock/advance', { ms: 3 * HOUR });
    const after = running.world().meshes.get('billing-staging')!.orchestration
      .machine.executions.length;
    expect(after - before).toBeGreaterThan(20);
    const { approvals } = await control('GET', '/approvals');
    expect(approvals.length).toBeGreaterThan(0);
    const latest = await clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: BILLING, maxResults: 1 }),
    );
    expect(latest.executions![0].startDate!.getTime()).toBeGreaterThan(
      running.world().clock.now() - HOUR,
    );
  });

  it('adds a benchmark-size mesh through the control API and lists its runs fast', async () => {
    const added = await control('POST', '/meshes', {
      meshId: 'bench',
      tier: 'large',
      region: 'eu-central-1',
      agentCount: 16,
      runsPerDay: 10000,
      historyDays: 3,
    });
    expect(added.agents).toHaveLength(16);
    // three days back from a Monday noon: a weekend day runs at half the weekday rate
    expect(added.executions).toBeGreaterThan(20000);
    const sfn = clientsFor(running, 'eu-central-1').sfn;
    const arn =
      'arn:aws:states:eu-central-1:444444444444:stateMachine:agent-mesh-bench-orchestration';
    let token: string | undefined;
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      const page = await sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: arn,
          statusFilter: 'FAILED',
          maxResults: 1000,
          nextToken: token,
        }),
      );
      token = page.nextToken;
    }
    expect((Date.now() - started) / 10).toBeLessThan(100);
  });
});
