import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  ListExecutionsCommand,
  ListStateMachinesCommand,
} from '@aws-sdk/client-sfn';
import {
  clientsFor,
  controlFetch,
  startTestAws,
} from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

describe('fault injection through the control API', () => {
  let running: RunningLocalAws;
  let clients: ReturnType<typeof clientsFor>;

  const control = (method: string, path: string, body?: unknown) =>
    controlFetch(running, method, path, body);

  beforeAll(async () => {
    running = await startTestAws();
    clients = clientsFor(running, 'us-east-1');
  });
  afterAll(() => running.close());
  afterEach(() => control('DELETE', '/faults'));

  /** A successful answer, as the SDK reports it. */
  const ANSWERED = { $metadata: { httpStatusCode: 200 } };

  const calls = {
    states: () => clients.sfn.send(new ListStateMachinesCommand({})),
    monitoring: () => clients.cloudWatch.send(new DescribeAlarmsCommand({})),
    ce: () =>
      clients.costExplorer.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: '2025-11-01', End: '2025-11-02' },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
        }),
      ),
    dynamodb: () =>
      clients.dynamoDb.send(
        new GetItemCommand({
          TableName: 'agent-mesh-billing-staging-kv',
          Key: { pk: { S: 'a' }, sk: { S: 'b' } },
        }),
      ),
    events: () =>
      clients.eventBridge.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: 'agent-mesh-billing-staging',
              Source: 's',
              DetailType: 'd',
              Detail: '{}',
            },
          ],
        }),
      ),
  };

  it.each([
    ['states', 'ThrottlingException', 'AccessDeniedException'],
    ['monitoring', 'Throttling', 'AccessDenied'],
    ['ce', 'LimitExceededException', 'AccessDeniedException'],
    ['dynamodb', 'ThrottlingException', 'AccessDeniedException'],
    ['events', 'ThrottlingException', 'AccessDeniedException'],
  ] as const)(
    '%s: throttle and deny reach the SDK as %s and %s, and clearing restores service',
    async (service, throttle, deny) => {
      await expect(calls[service]()).resolves.toMatchObject(ANSWERED);
      expect(
        (await control('POST', '/faults', { service, kind: 'throttle' }))
          .status,
      ).toBe(201);
      await expect(calls[service]()).rejects.toMatchObject({
        name: throttle,
        $metadata: { httpStatusCode: 400 },
      });
      await control('DELETE', `/faults?service=${service}`);
      await control('POST', '/faults', { service, kind: 'deny' });
      await expect(calls[service]()).rejects.toMatchObject({ name: deny });
      await control('DELETE', '/faults');
      await expect(calls[service]()).resolves.toMatchObject(ANSWERED);
    },
  );

  it('throttles only the named operation, only for `count` calls', async () => {
    await control('POST', '/faults', {
      service: 'states',
      kind: 'throttle',
      operation: 'ListExecutions',
      count: 1,
    });
    const arn =
      'arn:aws:states:us-east-1:222222222222:stateMachine:agent-mesh-billing-staging-orchestration';
    await expect(calls.states()).resolves.toMatchObject(ANSWERED);
    await expect(
      clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn })),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    await expect(
      clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn })),
    ).resolves.toMatchObject(ANSWERED);
  });

  it('delays answers', async () => {
    await control('POST', '/faults', {
      service: 'monitoring',
      kind: 'delay',
      delayMs: 300,
    });
    const started = Date.now();
    await calls.monitoring();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const listed = await (await control('GET', '/faults')).json();
    expect(listed.faults).toEqual([
      { service: 'monitoring', kind: 'delay', delayMs: 300 },
    ]);
  });

  it('refuses an unknown service or kind', async () => {
    expect(
      (await control('POST', '/faults', { service: 's3', kind: 'throttle' }))
        .status,
    ).toBe(400);
    expect(
      (await control('POST', '/faults', { service: 'ce', kind: 'explode' }))
        .status,
    ).toBe(400);
    // Leaving keys unprocessed is a BatchGetItem answer, not something another service or operation has.
    expect(
      (await control('POST', '/faults', { service: 'ce', kind: 'unprocessed' }))
        .status,
    ).toBe(400);
    expect(
      (
        await control('POST', '/faults', {
          service: 'dynamodb',
          kind: 'unprocessed',
          operation: 'GetItem',
        })
      ).status,
    ).toBe(400);
  });
});
