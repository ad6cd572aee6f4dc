import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { testClientFactory } from '../__testUtils__/awsTestClients';
import { errorType } from './awsCallMetrics';

/**
 * The AWS call counter on the plugin's real SDK clients, as the client factory makes them, against a small HTTP
 * server speaking the Step Functions JSON protocol: each request the SDK sends is counted once, by service and
 * operation, with its result and error name.
 */
const TARGET = { accountId: '123456789012', region: 'eu-west-1' };
const CALLS = 'agent_mesh.aws.calls.count';

type Answer = { status: number; body: object };

describe('the AWS call counter', () => {
  let server: Server;
  let url: string;
  /** The answers to give, in order, per operation (the last one repeated). */
  let answers: Record<string, Answer[]>;
  const received: string[] = [];

  const operationOf = (request: IncomingMessage) =>
    String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'none';

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const operation = operationOf(request);
        received.push(operation);
        const queue = answers[operation] ?? [
          { status: 400, body: { __type: 'UnknownOperationException' } },
        ];
        const answer = queue.length > 1 ? queue.shift()! : queue[0];
        response.writeHead(answer.status, {
          'content-type': 'application/x-amz-json-1.0',
        });
        response.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(done => server.close(done)));

  beforeEach(() => {
    received.length = 0;
    answers = {};
  });

  it('is a counter of calls', () => {
    const { metrics } = testClientFactory(url);
    expect(metrics.instruments.get(CALLS)).toMatchObject({
      kind: 'counter',
      unit: '{call}',
    });
  });

  it('counts each command sent, by service and operation, with its result', async () => {
    answers.ListExecutions = [{ status: 200, body: { executions: [] } }];
    answers.DescribeExecution = [
      {
        status: 400,
        body: { __type: 'ExecutionDoesNotExist', message: 'no such run' },
      },
    ];
    const { clients, metrics } = testClientFactory(url);
    const sfn = await clients.stepFunctions(TARGET);

    await sfn.send(new ListExecutionsCommand({ stateMachineArn: 'arn:x' }));
    await sfn.send(new ListExecutionsCommand({ stateMachineArn: 'arn:x' }));
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:y' })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });

    expect(received).toEqual([
      'ListExecutions',
      'ListExecutions',
      'DescribeExecution',
    ]);
    expect(metrics.points(CALLS)).toEqual([
      {
        value: 2,
        attributes: {
          service: 'StepFunctions',
          operation: 'ListExecutions',
          result: 'ok',
        },
      },
      {
        value: 1,
        attributes: {
          service: 'StepFunctions',
          operation: 'DescribeExecution',
          result: 'error',
          'error.type': 'ExecutionDoesNotExist',
        },
      },
    ]);
    expect(metrics.awsCalls()).toEqual({
      'StepFunctions.ListExecutions': 2,
      'StepFunctions.DescribeExecution': 1,
    });
  });

  it('counts every attempt of a retried call: a throttled one, then the one that passed', async () => {
    answers.ListExecutions = [
      {
        status: 400,
        body: { __type: 'ThrottlingException', message: 'Rate exceeded' },
      },
      { status: 200, body: { executions: [] } },
    ];
    const { clients, metrics } = testClientFactory(url);
    const sfn = await clients.stepFunctions(TARGET);

    await sfn.send(new ListExecutionsCommand({ stateMachineArn: 'arn:x' }));

    expect(received).toEqual(['ListExecutions', 'ListExecutions']);
    expect(
      metrics.sum(CALLS, {
        operation: 'ListExecutions',
        result: 'error',
        'error.type': 'ThrottlingException',
      }),
    ).toBe(1);
    expect(
      metrics.sum(CALLS, { operation: 'ListExecutions', result: 'ok' }),
    ).toBe(1);
  });

  it('names each client by its service', async () => {
    const { clients, metrics } = testClientFactory(url);
    const cw = await clients.cloudWatch(TARGET);

    // The JSON server does not speak CloudWatch's protocol: the call fails, and is counted as CloudWatch's.
    await expect(cw.send(new DescribeAlarmsCommand({}))).rejects.toThrow();

    expect(Object.keys(metrics.awsCalls())).toEqual([
      'CloudWatch.DescribeAlarms',
    ]);
    expect(metrics.sum(CALLS, { result: 'ok' })).toBe(0);
  });

  it('counts a request that reached no endpoint by its network error code', async () => {
    // Port 9 (discard) has no listener on the test machines: the connection is refused.
    const { clients, metrics } = testClientFactory('http://127.0.0.1:9');
    const sfn = await clients.stepFunctions(TARGET);

    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: 'arn:x' })),
    ).rejects.toThrow();

    const points = metrics.points(CALLS);
    expect(points.map(p => p.attributes)).toEqual([
      {
        service: 'StepFunctions',
        operation: 'ListExecutions',
        result: 'error',
        'error.type': 'ECONNREFUSED',
      },
    ]);
    // Whatever the SDK's retry decides, never more than its attempts.
    expect(points[0].value).toBeGreaterThanOrEqual(1);
    expect(points[0].value).toBeLessThanOrEqual(3);
  });

  it('counts nothing for a client refused for its account: no request was sent', async () => {
    const { clients, metrics } = testClientFactory(url, {
      accounts: [{ accountId: '999999999999' }],
    });

    await expect(clients.stepFunctions(TARGET)).rejects.toThrow();

    expect(received).toEqual([]);
    expect(metrics.points(CALLS)).toEqual([]);
  });
});

describe('errorType', () => {
  it('is the error name, else a system error code, else Error', () => {
    const named = new Error('x');
    named.name = 'AccessDeniedException';
    expect(errorType(named)).toBe('AccessDeniedException');
    expect(
      errorType(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
    ).toBe('ECONNREFUSED');
    expect(errorType(new Error('plain'))).toBe('Error');
    expect(errorType('a string')).toBe('Error');
    expect(errorType(undefined)).toBe('Error');
  });
});
