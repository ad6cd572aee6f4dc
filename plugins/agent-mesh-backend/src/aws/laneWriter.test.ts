import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { DefaultLaneWriter, LaneConflictError, LaneWrite } from './laneWriter';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  awsError,
  KV_TABLE,
  TARGET,
  testClientFactory,
} from '../__testUtils__/awsTestClients';

const ddb = mockClient(DynamoDBClient);
const AT = new Date('2026-12-01T12:00:00Z');

function conditionFailed(item?: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    Item: item as any,
  });
}

/** A write of critic's lane at {@link AT}, by `actor`. */
function criticWrite(
  from: Lane,
  to: Lane,
  expectedVersion: number,
  actor = 'a',
): LaneWrite {
  return { agent: 'critic', from, to, expectedVersion, actor, at: AT };
}

describe('DefaultLaneWriter', () => {
  const writer = DefaultLaneWriter.fromConfig(testClientFactory());
  beforeEach(() => ddb.reset());

  it('writes conditional on the version and lane seen, raising the version by one', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    const lane = await writer.writeLane(
      TARGET,
      KV_TABLE,
      criticWrite('dry_run', 'execute', 4, 'user:default/olivia'),
    );
    expect(lane).toEqual({ lane: 'execute', version: 5 });
    expect(ddb).toHaveReceivedCommandWith(UpdateItemCommand, {
      TableName: KV_TABLE,
      Key: { pk: { S: 'agent#critic' }, sk: { S: 'lane' } },
      UpdateExpression:
        'SET #lane = :to, #version = :next, #updatedAt = :at, #updatedBy = :by',
      ConditionExpression: '#version = :v AND #lane = :from',
      ExpressionAttributeValues: {
        ':to': { S: 'execute' },
        ':next': { N: '5' },
        ':at': { S: '2026-12-01T12:00:00.000Z' },
        ':by': { S: 'user:default/olivia' },
        ':v': { N: '4' },
        ':from': { S: 'dry_run' },
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('creates the item from version 0 only if there is none', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    await writer.writeLane(
      TARGET,
      KV_TABLE,
      criticWrite('read_only', 'dry_run', 0, 'user:default/olivia'),
    );
    const input = ddb.commandCalls(UpdateItemCommand)[0].args[0].input;
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input.ExpressionAttributeValues).not.toHaveProperty(':v');
  });

  it('turns a failed condition into a conflict with the current lane and version', async () => {
    ddb.on(UpdateItemCommand).rejects(
      conditionFailed({
        pk: { S: 'agent#critic' },
        lane: { S: 'execute' },
        version: { N: '7' },
      }),
    );
    const error = await writer
      .writeLane(TARGET, KV_TABLE, criticWrite('dry_run', 'execute', 4))
      .catch(e => e);
    expect(error).toBeInstanceOf(LaneConflictError);
    expect(error.current).toEqual({ lane: 'execute', version: 7 });
  });

  it('answers a conflict on a missing item as read_only at version 0', async () => {
    ddb.on(UpdateItemCommand).rejects(conditionFailed());
    await expect(
      writer.writeLane(TARGET, KV_TABLE, criticWrite('dry_run', 'execute', 3)),
    ).rejects.toMatchObject({ current: { lane: 'read_only', version: 0 } });
  });

  it('passes other errors on', async () => {
    ddb.on(UpdateItemCommand).rejects(awsError('AccessDeniedException'));
    await expect(
      writer.writeLane(
        TARGET,
        KV_TABLE,
        criticWrite('read_only', 'dry_run', 1),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
