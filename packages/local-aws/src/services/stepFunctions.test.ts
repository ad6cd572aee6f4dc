import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  ResourceNotFound,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import {
  AGENT_MESH_TAGS,
  executionName,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  clientsFor,
  controlFetch,
  startTestAws,
} from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

const BILLING =
  'arn:aws:states:us-east-1:222222222222:stateMachine:agent-mesh-billing-staging-orchestration';

describe('Step Functions over the real SDK client', () => {
  let running: RunningLocalAws;
  let sfn: ReturnType<typeof clientsFor>['sfn'];

  beforeAll(async () => {
    running = await startTestAws();
    sfn = clientsFor(running, 'us-east-1').sfn;
  });
  afterAll(() => running.close());

  it('lists the state machines of the signing region only', async () => {
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map(s => s.name)).toEqual([
      'agent-mesh-billing-staging-orchestration',
      'agent-mesh-billing-staging-sweeper',
    ]);
    const west = clientsFor(running, 'eu-west-1').sfn;
    const other = await west.send(
      new ListStateMachinesCommand({ maxResults: 1 }),
    );
    expect(other.stateMachines?.map(s => s.name)).toEqual([
      'agent-mesh-support-dev-orchestration',
    ]);
    const next = await west.send(
      new ListStateMachinesCommand({
        maxResults: 1,
        nextToken: other.nextToken,
      }),
    );
    expect(next.stateMachines?.map(s => s.name)).toEqual([
      'agent-mesh-support-dev-sweeper',
    ]);
    expect(next.nextToken).toBeUndefined();
  });

  it('describes a state machine with the conductor definition synthesized by infra-constructs', async () => {
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: BILLING }),
    );
    const definition = JSON.parse(described.definition!);
    // The input is checked before anything reads it; a valid one goes on to LoadLane.
    expect(definition.StartAt).toBe('CheckInput');
    expect(definition.States.CheckInput.Default).toBe('LoadLane');
    expect(definition.States.RequestApproval.Resource).toBe(
      'arn:aws:states:::events:putEvents.waitForTaskToken',
    );
    expect(described.creationDate).toBeInstanceOf(Date);
    await expect(
      sfn.send(
        new DescribeStateMachineCommand({
          stateMachineArn: BILLING.replace('us-east-1', 'eu-west-1'),
        }),
      ),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });

  it('tags each state machine with its mesh, tier and catalog System, as the backend checks them', async () => {
    const tags = async (client: typeof sfn, resourceArn: string) =>
      (await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
    expect(await tags(sfn, BILLING)).toEqual([
      { key: AGENT_MESH_TAGS.mesh, value: 'billing-staging' },
      { key: AGENT_MESH_TAGS.tier, value: 'medium' },
      { key: 'agent-mesh:entity', value: 'system:default/billing-staging' },
    ]);
    const west = clientsFor(running, 'us-west-2').sfn;
    expect(
      await tags(
        west,
        'arn:aws:states:us-west-2:333333333333:stateMachine:agent-mesh-research-prod-sweeper',
      ),
    ).toEqual([
      { key: 'agent-mesh:mesh', value: 'research-prod' },
      { key: 'agent-mesh:tier', value: 'large' },
      { key: 'agent-mesh:entity', value: 'system:default/research-prod' },
    ]);

    // A mesh added through the control API carries the entity it was given.
    const added = await controlFetch(running, 'POST', '/meshes', {
      meshId: 'tagged-dev',
      tier: 'small',
      region: 'us-east-1',
      account: '555555555555',
      entityRef: 'system:team-a/tagged-dev',
      historyDays: 0,
    });
    expect(added.status).toBe(201);
    expect(
      await tags(
        sfn,
        'arn:aws:states:us-east-1:555555555555:stateMachine:agent-mesh-tagged-dev-orchestration',
      ),
    ).toEqual([
      { key: 'agent-mesh:mesh', value: 'tagged-dev' },
      { key: 'agent-mesh:tier', value: 'small' },
      { key: 'agent-mesh:entity', value: 'system:team-a/tagged-dev' },
    ]);
    await controlFetch(running, 'POST', '/meshes', {
      meshId: 'untagged-dev',
      tier: 'small',
      account: '555555555555',
      historyDays: 0,
    });
    expect(
      await tags(
        sfn,
        'arn:aws:states:us-east-1:555555555555:stateMachine:agent-mesh-untagged-dev-sweeper',
      ),
    ).toEqual([
      { key: 'agent-mesh:mesh', value: 'untagged-dev' },
      { key: 'agent-mesh:tier', value: 'small' },
    ]);

    // Unknown, in another region, or not an ARN, as AWS answers.
    const unknown = sfn.send(
      new ListTagsForResourceCommand({
        resourceArn: `${BILLING.slice(0, -'orchestration'.length)}nope`,
      }),
    );
    await expect(unknown).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(
      west.send(new ListTagsForResourceCommand({ resourceArn: BILLING })),
    ).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(
      sfn.send(
        new ListTagsForResourceCommand({
          resourceArn:
            'arn:aws:states:us-east-1:222222222222:activity:agent-mesh-billing-staging-approve',
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(
      sfn.send(new ListTagsForResourceCommand({ resourceArn: 'not-an-arn' })),
    ).rejects.toBeInstanceOf(InvalidArn);
  });

  it('pages through every execution newest first, up to 1000 a page', async () => {
    const seen: string[] = [];
    let last = Infinity;
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: BILLING,
          maxResults: 1000,
          nextToken,
        }),
      );
      for (const e of page.executions ?? []) {
        expect(e.startDate!.getTime()).toBeLessThanOrEqual(last);
        last = e.startDate!.getTime();
        seen.push(e.name!);
      }
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    const total = running.world().meshes.get('billing-staging')!.orchestration
      .machine.executions.length;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 1000));
    expect(total).toBeGreaterThan(1500);
  });

  it('filters by status with its own paging, and refuses a bad token or page size', async () => {
    const first = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: BILLING,
        statusFilter: 'FAILED',
        maxResults: 10,
      }),
    );
    expect(first.executions).toHaveLength(10);
    expect(first.executions!.every(e => e.status === 'FAILED')).toBe(true);
    const second = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: BILLING,
        statusFilter: 'FAILED',
        maxResults: 10,
        nextToken: first.nextToken,
      }),
    );
    expect(second.executions![0].startDate!.getTime()).toBeLessThanOrEqual(
      first.executions![9].startDate!.getTime(),
    );
    expect(second.executions!.map(e => e.name)).not.toContain(
      first.executions![9].name,
    );
    await expect(
      sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: BILLING,
          nextToken: 'not-a-token',
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(
      sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: BILLING,
          maxResults: 1001,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('describes a seeded execution and rebuilds its history, in both orders and in pages', async () => {
    const { executions } = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: BILLING,
        statusFilter: 'SUCCEEDED',
        maxResults: 1,
      }),
    );
    const arn = executions![0].executionArn!;
    const described = await sfn.send(
      new DescribeExecutionCommand({ executionArn: arn }),
    );
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.input!).agent).toBe(
      executions![0].name!.split('--')[0],
    );
    const full = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }),
    );
    const types = full.events!.map(e => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types[types.length - 1]).toBe('ExecutionSucceeded');
    expect(full.events!.map(e => e.stateEnteredEventDetails?.name)).toContain(
      'LoadLane',
    );
    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: arn,
        reverseOrder: true,
        maxResults: 5,
      }),
    );
    expect(reversed.events![0].type).toBe('ExecutionSucceeded');
    expect(reversed.nextToken).toEqual(expect.stringMatching(/.+/));
    const rest = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: arn,
        reverseOrder: true,
        maxResults: 1000,
        nextToken: reversed.nextToken,
      }),
    );
    expect(reversed.events!.length + rest.events!.length).toBe(
      full.events!.length,
    );
    expect(rest.events![rest.events!.length - 1].type).toBe('ExecutionStarted');
    await expect(
      sfn.send(
        new DescribeExecutionCommand({ executionArn: `${arn}-missing` }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('starts an execution by name once, runs it, and answers task tokens', async () => {
    const name = executionName('s3-expert', 'read_only', 'protocol-test');
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: BILLING,
        name,
        input: JSON.stringify({ agent: 's3-expert', task: { goal: 'x' } }),
      }),
    );
    expect(started.executionArn).toBe(
      `${BILLING.replace(':stateMachine:', ':execution:')}:${name}`,
    );
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: BILLING,
          name,
          input: '{"agent":"critic"}',
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const listed = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: BILLING,
        statusFilter: 'RUNNING',
      }),
    );
    expect(listed.executions!.map(e => e.name)).toContain(name);
    await running.world().advance(3 * 3_600_000);
    const done = await sfn.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );
    expect(['SUCCEEDED', 'FAILED']).toContain(done.status);
    const history = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: started.executionArn,
        maxResults: 1000,
      }),
    );
    expect(
      history.events!.map(e => e.stateEnteredEventDetails?.name),
    ).toContain('Plan');
    for (const command of [
      new SendTaskSuccessCommand({ taskToken: 'bm9wZQ==', output: '{}' }),
      new SendTaskFailureCommand({ taskToken: 'bm9wZQ==' }),
      new SendTaskHeartbeatCommand({ taskToken: 'bm9wZQ==' }),
    ]) {
      await expect(sfn.send(command as any)).rejects.toBeInstanceOf(
        InvalidToken,
      );
    }
  });
});
