import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DefaultLaneService } from './laneService';
import {
  awsError,
  KV_TABLE,
  TARGET,
  testClientFactory,
} from '../__testUtils__/awsTestClients';

const ddb = mockClient(DynamoDBClient);

describe('DefaultLaneService', () => {
  const service = DefaultLaneService.fromConfig(testClientFactory());

  beforeEach(() => ddb.reset());

  it('reads all lane items in one batch, retries unprocessed keys, and defaults a missing item to read_only', async () => {
    ddb
      .on(BatchGetItemCommand)
      .resolvesOnce({
        Responses: {
          [KV_TABLE]: [
            {
              pk: { S: 'agent#conductor' },
              sk: { S: 'lane' },
              lane: { S: 'execute' },
              version: { N: '4' },
              updatedAt: { S: '2026-11-20T10:00:00Z' },
              updatedBy: { S: 'user:default/jane' },
            },
          ],
        },
        UnprocessedKeys: {
          [KV_TABLE]: {
            Keys: [{ pk: { S: 'agent#critic' }, sk: { S: 'lane' } }],
          },
        },
      })
      .resolvesOnce({
        Responses: {
          [KV_TABLE]: [
            {
              pk: { S: 'agent#critic' },
              sk: { S: 'lane' },
              lane: { S: 'dry_run' },
              version: { N: '1' },
            },
          ],
        },
      });

    const result = await service.readLanes(TARGET, KV_TABLE, [
      'conductor',
      'critic',
      'sweeper',
    ]);

    expect(ddb).toHaveReceivedCommandTimes(BatchGetItemCommand, 2);
    expect(
      ddb.commandCalls(BatchGetItemCommand)[0].args[0].input.RequestItems?.[
        KV_TABLE
      ].Keys,
    ).toEqual([
      { pk: { S: 'agent#conductor' }, sk: { S: 'lane' } },
      { pk: { S: 'agent#critic' }, sk: { S: 'lane' } },
      { pk: { S: 'agent#sweeper' }, sk: { S: 'lane' } },
    ]);
    expect(result).toEqual({
      invalid: [],
      lanes: {
        conductor: {
          lane: 'execute',
          source: 'kv',
          version: 4,
          updatedAt: '2026-11-20T10:00:00Z',
          updatedBy: 'user:default/jane',
        },
        critic: { lane: 'dry_run', source: 'kv', version: 1 },
        sweeper: { lane: 'read_only', source: 'default' },
      },
    });
  });

  it('needs one call per 100 agents, not one per agent', async () => {
    ddb.on(BatchGetItemCommand).resolves({ Responses: { [KV_TABLE]: [] } });
    const agents = Array.from({ length: 150 }, (_, i) => `agent-${i}`);

    await service.readLanes(TARGET, KV_TABLE, agents);

    expect(ddb).toHaveReceivedCommandTimes(BatchGetItemCommand, 2);
  });

  it('reports an item naming no known lane instead of guessing', async () => {
    ddb.on(BatchGetItemCommand).resolves({
      Responses: {
        [KV_TABLE]: [
          {
            pk: { S: 'agent#critic' },
            sk: { S: 'lane' },
            lane: { S: 'admin' },
          },
        ],
      },
    });
    const result = await service.readLanes(TARGET, KV_TABLE, ['critic']);
    expect(result).toEqual({ lanes: {}, invalid: ['critic'] });
  });

  it('reads only with BatchGetItem: an endpoint that does not serve it fails the read, never item by item', async () => {
    ddb.on(BatchGetItemCommand).rejects(awsError('UnknownOperationException'));

    await expect(
      service.readLanes(TARGET, KV_TABLE, ['critic', 'sweeper']),
    ).rejects.toMatchObject({ name: 'UnknownOperationException' });
    expect(ddb).toHaveReceivedCommandTimes(GetItemCommand, 0);
  });

  it('fails on throttling that outlasts the retries', async () => {
    ddb
      .on(BatchGetItemCommand)
      .rejects(awsError('ProvisionedThroughputExceededException'));
    await expect(
      service.readLanes(TARGET, KV_TABLE, ['critic']),
    ).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });
});
