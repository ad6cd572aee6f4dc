import {
  AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ResourceNotFoundException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { clientsFor, startTestAws } from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

const TABLE = 'agent-mesh-billing-staging-kv';

describe('DynamoDB over the real SDK client', () => {
  let running: RunningLocalAws;
  let db: ReturnType<typeof clientsFor>['dynamoDb'];

  beforeAll(async () => {
    running = await startTestAws();
    db = clientsFor(running, 'us-east-1').dynamoDb;
  });
  afterAll(() => running.close());

  it('reads the seeded lane items', async () => {
    const { Item } = await db.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'agent#conductor' }, sk: { S: 'lane' } },
      }),
    );
    expect(Item).toMatchObject({
      lane: { S: 'execute' },
      version: { N: expect.any(String) },
      updatedAt: { S: expect.any(String) },
    });
    const missing = await db.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'agent#nobody' }, sk: { S: 'lane' } },
      }),
    );
    expect(missing.Item).toBeUndefined();
    await expect(
      db.send(
        new GetItemCommand({
          TableName: 'agent-mesh-billing-staging-kv',
          Key: { pk: { S: 'x' }, sk: { S: 'y' } },
        }),
      ),
    ).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    await expect(
      clientsFor(running, 'eu-west-1').dynamoDb.send(
        new GetItemCommand({
          TableName: TABLE,
          Key: { pk: { S: 'x' }, sk: { S: 'y' } },
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('reads lane items with BatchGetItem, by table name or ARN, with projection and ConsistentRead', async () => {
    const key = (agent: string) => ({
      pk: { S: `agent#${agent}` },
      sk: { S: 'lane' },
    });
    const out = await db.send(
      new BatchGetItemCommand({
        RequestItems: {
          [TABLE]: {
            Keys: [key('conductor'), key('critic'), key('nobody')],
            ConsistentRead: true,
          },
          'arn:aws:dynamodb:us-east-1:222222222222:table/agent-mesh-billing-staging-kv':
            {
              Keys: [key('sweeper')],
              ProjectionExpression: 'pk, #l',
              ExpressionAttributeNames: { '#l': 'lane' },
            },
        },
      }),
    );
    const byAgent = Object.fromEntries(
      out.Responses![TABLE].map(i => [i.pk.S, i]),
    );
    expect(Object.keys(byAgent).sort()).toEqual([
      'agent#conductor',
      'agent#critic',
    ]);
    for (const agent of ['conductor', 'critic']) {
      const { Item } = await db.send(
        new GetItemCommand({ TableName: TABLE, Key: key(agent) }),
      );
      expect(byAgent[`agent#${agent}`]).toEqual(Item);
    }
    const projected =
      out.Responses![
        'arn:aws:dynamodb:us-east-1:222222222222:table/agent-mesh-billing-staging-kv'
      ];
    expect(projected).toEqual([
      { pk: { S: 'agent#sweeper' }, lane: { S: expect.any(String) } },
    ]);
    expect(out.UnprocessedKeys).toEqual({});
  });

  it('refuses a BatchGetItem as DynamoDB does: over 100 keys, duplicates, unknown table', async () => {
    const keys = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        pk: { S: `agent#a${i}` },
        sk: { S: 'lane' },
      }));
    await expect(
      db.send(
        new BatchGetItemCommand({
          RequestItems: { [TABLE]: { Keys: keys(101) } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Too many items requested for the BatchGetItem call',
    });
    await expect(
      db.send(
        new BatchGetItemCommand({
          RequestItems: { [TABLE]: { Keys: [...keys(2), ...keys(1)] } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Provided list of item keys contains duplicates',
    });
    await expect(
      db.send(
        new BatchGetItemCommand({
          RequestItems: { 'agent-mesh-nope-kv': { Keys: keys(1) } },
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      db.send(
        new BatchGetItemCommand({
          RequestItems: {
            [TABLE]: { Keys: [{ pk: { S: 'agent#a' } }] },
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      db.send(
        new BatchGetItemCommand({
          RequestItems: { [TABLE]: { Keys: keys(100) } },
        }),
      ),
    ).resolves.toMatchObject({ Responses: { [TABLE]: [] } });
  });

  it('returns UnprocessedKeys under an injected partial throttle, with the request parameters to resend', async () => {
    running.faults.add({ service: 'dynamodb', kind: 'unprocessed', count: 1 });
    const keys = ['conductor', 'critic', 'sweeper'].map(agent => ({
      pk: { S: `agent#${agent}` },
      sk: { S: 'lane' },
    }));
    const first = await db.send(
      new BatchGetItemCommand({
        RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true } },
      }),
    );
    expect(first.Responses![TABLE].map(i => i.pk.S)).toEqual([
      'agent#conductor',
    ]);
    expect(first.UnprocessedKeys).toEqual({
      [TABLE]: { Keys: keys.slice(1), ConsistentRead: true },
    });
    // Resending exactly the unprocessed keys reads them: the fault was for one call.
    const second = await db.send(
      new BatchGetItemCommand({ RequestItems: first.UnprocessedKeys }),
    );
    expect(second.Responses![TABLE].map(i => i.pk.S).sort()).toEqual([
      'agent#critic',
      'agent#sweeper',
    ]);
    expect(second.UnprocessedKeys).toEqual({});
    expect(running.faults.list()).toEqual([]);
  });

  it('writes conditionally for optimistic versioning', async () => {
    const key = { pk: { S: 'agent#s3-expert' }, sk: { S: 'lane' } };
    const { Item } = await db.send(
      new GetItemCommand({ TableName: TABLE, Key: key }),
    );
    const version = Item!.version.N!;
    const update = (expected: string) =>
      new UpdateItemCommand({
        TableName: TABLE,
        Key: key,
        UpdateExpression:
          'SET #lane = :lane, #v = #v + :one, updatedAt = :at, updatedBy = :by',
        ConditionExpression: '#v = :expected',
        ExpressionAttributeNames: { '#lane': 'lane', '#v': 'version' },
        ExpressionAttributeValues: {
          ':lane': { S: 'dry_run' },
          ':one': { N: '1' },
          ':expected': { N: expected },
          ':at': { S: '2025-11-24T12:00:00Z' },
          ':by': { S: 'user:default/ana' },
        },
        ReturnValues: 'ALL_NEW',
      });
    const done = await db.send(update(version));
    expect(done.Attributes).toMatchObject({
      lane: { S: 'dry_run' },
      version: { N: String(Number(version) + 1) },
    });
    await expect(db.send(update(version))).rejects.toBeInstanceOf(
      ConditionalCheckFailedException,
    );

    const fresh = {
      pk: { S: 'agent#newcomer' },
      sk: { S: 'lane' },
      lane: { S: 'read_only' },
      version: { N: '1' },
    };
    await db.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: fresh,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await expect(
      db.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: fresh,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  /** The backend's promotion: a write conditional on the version and lane the user saw. */
  const promote = (
    agent: string,
    seen: { version: string; lane: string },
    to: { lane: string; by: string },
  ) =>
    new UpdateItemCommand({
      TableName: TABLE,
      Key: { pk: { S: `agent#${agent}` }, sk: { S: 'lane' } },
      ConditionExpression: '#version = :expected AND #lane = :expectedLane',
      UpdateExpression:
        'SET #lane = :lane, #version = :next, updatedAt = :at, updatedBy = :by',
      ExpressionAttributeNames: { '#lane': 'lane', '#version': 'version' },
      ExpressionAttributeValues: {
        ':expected': { N: seen.version },
        ':expectedLane': { S: seen.lane },
        ':lane': { S: to.lane },
        ':next': { N: String(Number(seen.version) + 1) },
        ':at': { S: '2025-11-24T12:00:00.000Z' },
        ':by': { S: to.by },
      },
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });

  it('promotes with a write conditional on version and lane, and answers a stale one with the item it found', async () => {
    const key = { pk: { S: 'agent#lambda-expert' }, sk: { S: 'lane' } };
    const { Item: before } = await db.send(
      new GetItemCommand({ TableName: TABLE, Key: key }),
    );
    expect(before).toMatchObject({
      lane: { S: 'read_only' },
      version: { N: expect.stringMatching(/^\d+$/) },
    });
    const seen = { version: before!.version.N!, lane: before!.lane.S! };
    const done = await db.send(
      promote('lambda-expert', seen, {
        lane: 'dry_run',
        by: 'user:default/ana',
      }),
    );
    expect(done.Attributes).toEqual({
      ...before,
      lane: { S: 'dry_run' },
      version: { N: String(Number(seen.version) + 1) },
      updatedAt: { S: '2025-11-24T12:00:00.000Z' },
      updatedBy: { S: 'user:default/ana' },
    });
    const stale = await db
      .send(
        promote('lambda-expert', seen, {
          lane: 'dry_run',
          by: 'user:default/bo',
        }),
      )
      .catch(e => e);
    expect(stale).toBeInstanceOf(ConditionalCheckFailedException);
    expect(stale.$metadata.httpStatusCode).toBe(400);
    expect(stale.Item).toEqual(done.Attributes);

    // The first lane item of an agent: only if none exists yet.
    const first = () =>
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'agent#brand-new' }, sk: { S: 'lane' } },
        ConditionExpression: 'attribute_not_exists(pk)',
        UpdateExpression:
          'SET #lane = :lane, #version = :next, updatedAt = :at, updatedBy = :by',
        ExpressionAttributeNames: { '#lane': 'lane', '#version': 'version' },
        ExpressionAttributeValues: {
          ':lane': { S: 'dry_run' },
          ':next': { N: '1' },
          ':at': { S: '2025-11-24T12:00:00.000Z' },
          ':by': { S: 'user:default/ana' },
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    const created = await db.send(first());
    expect(created.Attributes).toMatchObject({
      pk: { S: 'agent#brand-new' },
      lane: { S: 'dry_run' },
      version: { N: '1' },
    });
    const again = await db.send(first()).catch(e => e);
    expect(again).toBeInstanceOf(ConditionalCheckFailedException);
    expect(again.Item).toEqual(created.Attributes);
  });

  it('lets exactly one of 50 concurrent promotions with the same expected version through', async () => {
    const { Item } = await db.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'agent#critic' }, sk: { S: 'lane' } },
      }),
    );
    const seen = { version: Item!.version.N!, lane: Item!.lane.S! };
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        db.send(
          promote('critic', seen, {
            lane: 'execute',
            by: `user:default/u${i}`,
          }),
        ),
      ),
    );
    const won = results.filter(r => r.status === 'fulfilled');
    const lost = results.filter(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    const winner = (won[0] as PromiseFulfilledResult<any>).value.Attributes;
    for (const failure of lost) {
      expect(failure.reason).toBeInstanceOf(ConditionalCheckFailedException);
      expect(failure.reason.Item).toEqual(winner);
    }
    expect(winner.version.N).toBe(String(Number(seen.version) + 1));
  });

  it('refuses malformed expressions and unused values', async () => {
    await expect(
      db.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: { pk: { S: 'agent#critic' }, sk: { S: 'lane' } },
          UpdateExpression: 'SET lane = :lane',
          ExpressionAttributeValues: {
            ':lane': { S: 'dry_run' },
            ':unused': { S: 'x' },
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      db.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { pk: { S: 'a' }, sk: { S: 'b' } },
          ConditionExpression: 'pk = = pk',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('queries a partition with a sort key condition and pages', async () => {
    for (const sk of ['2025-11-01', '2025-11-02', '2025-11-03']) {
      await db.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { pk: { S: 'audit#x' }, sk: { S: sk }, n: { N: '1' } },
        }),
      );
    }
    // Newest first, two a page.
    const page = (start?: Record<string, AttributeValue>) =>
      db.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
          ExpressionAttributeValues: {
            ':pk': { S: 'audit#x' },
            ':month': { S: '2025-11' },
          },
          ScanIndexForward: false,
          Limit: 2,
          ExclusiveStartKey: start,
        }),
      );
    const first = await page();
    expect(first.Items!.map(i => i.sk.S)).toEqual(['2025-11-03', '2025-11-02']);
    const second = await page(first.LastEvaluatedKey);
    expect(second.Items!.map(i => i.sk.S)).toEqual(['2025-11-01']);
    expect(second.LastEvaluatedKey).toBeUndefined();
  });
});
