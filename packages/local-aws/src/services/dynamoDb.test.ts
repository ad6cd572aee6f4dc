import {
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
    ).resolves.toBeDefined();
    await expect(
      clientsFor(running, 'eu-west-1').dynamoDb.send(
        new GetItemCommand({
          TableName: TABLE,
          Key: { pk: { S: 'x' }, sk: { S: 'y' } },
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
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
    const first = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
        ExpressionAttributeValues: {
          ':pk': { S: 'audit#x' },
          ':month': { S: '2025-11' },
        },
        ScanIndexForward: false,
        Limit: 2,
      }),
    );
    expect(first.Items!.map(i => i.sk.S)).toEqual(['2025-11-03', '2025-11-02']);
    const second = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
        ExpressionAttributeValues: {
          ':pk': { S: 'audit#x' },
          ':month': { S: '2025-11' },
        },
        ScanIndexForward: false,
        Limit: 2,
        ExclusiveStartKey: first.LastEvaluatedKey,
      }),
    );
    expect(second.Items!.map(i => i.sk.S)).toEqual(['2025-11-01']);
    expect(second.LastEvaluatedKey).toBeUndefined();
  });
});
