import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { clientsFor, startTestAws } from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';
import { md5OfMessageAttributes } from '../sqs/messageDigest';

const ACCOUNT = '222222222222';

describe('SQS over the real SDK client (JSON 1.0, query-compatible errors)', () => {
  let running: RunningLocalAws;
  let sqs: SQSClient;
  let queueCount = 0;

  beforeAll(async () => {
    running = await startTestAws();
    sqs = clientsFor(running, 'us-east-1').sqs;
  });
  afterAll(() => running.close());
  afterEach(() => running.faults.clear());

  /** A queue of its own for each test, in the billing mesh's account and region. */
  function freshQueue(): string {
    const name = `test-queue-${++queueCount}`;
    running.world().queues.create({
      name,
      region: 'us-east-1',
      account: ACCOUNT,
      createdMs: running.world().clock.now(),
    });
    return `${running.url}/${ACCOUNT}/${name}`;
  }

  it('finds the approvals queue of each mesh with the approval gate, by name and in lists', async () => {
    const { QueueUrl } = await sqs.send(
      new GetQueueUrlCommand({
        QueueName: 'agent-mesh-billing-staging-approvals',
      }),
    );
    expect(QueueUrl).toBe(
      `${running.url}/${ACCOUNT}/agent-mesh-billing-staging-approvals`,
    );
    const prod = clientsFor(running, 'us-west-2').sqs;
    const listed = await prod.send(
      new ListQueuesCommand({ QueueNamePrefix: 'agent-mesh-research-prod' }),
    );
    expect(listed.QueueUrls).toEqual([
      `${running.url}/333333333333/agent-mesh-research-prod-approvals`,
      `${running.url}/333333333333/agent-mesh-research-prod-approvals-dlq`,
    ]);
    const paged = await prod.send(new ListQueuesCommand({ MaxResults: 1 }));
    expect(paged.QueueUrls).toHaveLength(1);
    const rest = await prod.send(
      new ListQueuesCommand({ MaxResults: 1, NextToken: paged.NextToken }),
    );
    expect(rest.QueueUrls![0]).toMatch(/-approvals-dlq$/);
    expect(rest.NextToken).toBeUndefined();
    // The small tier has no approval gate, so no queue.
    const small = clientsFor(running, 'eu-west-1').sqs;
    expect((await small.send(new ListQueuesCommand({}))).QueueUrls).toBe(
      undefined,
    );
    const missing = sqs.send(
      new GetQueueUrlCommand({ QueueName: 'agent-mesh-support-dev-approvals' }),
    );
    await expect(missing).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(missing).rejects.toMatchObject({
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
      $metadata: { httpStatusCode: 400 },
    });
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(attributes.Attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:agent-mesh-billing-staging-approvals`,
      VisibilityTimeout: '30',
      MessageRetentionPeriod: String(4 * 86_400),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:agent-mesh-billing-staging-approvals-dlq`,
        maxReceiveCount: 5,
      }),
    });
  });

  it('sends and receives with attributes, checksums, visibility timeouts and deletes', async () => {
    const QueueUrl = freshQueue();
    const MessageAttributes = {
      kind: { DataType: 'String', StringValue: 'approval' },
      attempt: { DataType: 'Number', StringValue: '1' },
      'trace.id': { DataType: 'Binary', BinaryValue: Buffer.from('abc') },
    };
    // The SDK checks MD5OfMessageBody itself and fails the call on a mismatch.
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: '{"hello":"wörld"}',
        MessageAttributes,
      }),
    );
    expect(sent.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({
        kind: { DataType: 'String', StringValue: 'approval' },
        attempt: { DataType: 'Number', StringValue: '1' },
        'trace.id': {
          DataType: 'Binary',
          BinaryValue: Buffer.from('abc').toString('base64'),
        },
      }),
    );
    const first = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['kind', 'trace.*'],
        MessageSystemAttributeNames: [
          'SentTimestamp',
          'ApproximateReceiveCount',
        ],
        VisibilityTimeout: 60,
      }),
    );
    expect(first.Messages).toHaveLength(1);
    const [message] = first.Messages!;
    expect(message).toMatchObject({
      MessageId: sent.MessageId,
      Body: '{"hello":"wörld"}',
      Attributes: {
        SentTimestamp: String(running.world().clock.now()),
        ApproximateReceiveCount: '1',
      },
    });
    expect(Object.keys(message.MessageAttributes!).sort()).toEqual([
      'kind',
      'trace.id',
    ]);
    expect(
      Buffer.from(
        message.MessageAttributes!['trace.id'].BinaryValue!,
      ).toString(),
    ).toBe('abc');
    // In flight: hidden until the visibility timeout runs out on the world clock.
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages,
    ).toBeUndefined();
    await running.world().advance(61_000);
    const again = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(again.Messages![0].Attributes!.ApproximateReceiveCount).toBe('2');
    // A handle of an earlier receive deletes nothing; the latest one does.
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl,
        ReceiptHandle: message.ReceiptHandle,
      }),
    );
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: again.Messages![0].ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(third.Messages![0].MessageId).toBe(sent.MessageId);
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl,
        ReceiptHandle: third.Messages![0].ReceiptHandle,
      }),
    );
    await running.world().advance(120_000);
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages,
    ).toBeUndefined();
    await expect(
      sqs.send(
        new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'not-a-handle' }),
      ),
    ).rejects.toMatchObject({
      name: 'ReceiptHandleIsInvalid',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl,
          ReceiptHandle: third.Messages![0].ReceiptHandle,
          VisibilityTimeout: 10,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
  });

  it('answers a long poll as soon as a message arrives, and an empty one after WaitTimeSeconds', async () => {
    const QueueUrl = freshQueue();
    const started = Date.now();
    const polling = sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }),
    );
    await new Promise(resolve => setTimeout(resolve, 300));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'late' }));
    const answered = await polling;
    expect(answered.Messages![0].Body).toBe('late');
    expect(Date.now() - started).toBeLessThan(3000);

    const emptyStart = Date.now();
    const empty = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }),
    );
    expect(empty.Messages).toBeUndefined();
    expect(Date.now() - emptyStart).toBeGreaterThanOrEqual(950);
  });

  it('refuses out-of-range receive parameters as SQS does', async () => {
    const QueueUrl = freshQueue();
    for (const input of [
      { MaxNumberOfMessages: 11 },
      { MaxNumberOfMessages: 0 },
      { WaitTimeSeconds: 21 },
      { VisibilityTimeout: 43_201 },
    ]) {
      await expect(
        sqs.send(new ReceiveMessageCommand({ QueueUrl, ...input })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterValue',
        $metadata: { httpStatusCode: 400 },
      });
    }
    await expect(
      sqs.send(
        new SendMessageCommand({ QueueUrl, MessageBody: 'bad \u0001 char' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidMessageContents' });
    await expect(
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: `${running.url}/${ACCOUNT}/no-such-queue`,
        }),
      ),
    ).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  it('sends and deletes in batches, with per-entry failures and batch errors', async () => {
    const QueueUrl = freshQueue();
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two', DelaySeconds: 30 },
          { Id: 'c', MessageBody: '' },
        ],
      }),
    );
    expect(sent.Successful!.map(s => s.Id)).toEqual(['a', 'b']);
    expect(sent.Failed).toEqual([
      expect.objectContaining({
        Id: 'c',
        SenderFault: true,
        Code: 'MissingParameter',
      }),
    ]);
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    expect(attributes.Attributes).toEqual({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesDelayed: '1',
    });
    await running.world().advance(30_000);
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(received.Messages!.map(m => m.Body)).toEqual(['one', 'two']);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [
          ...received.Messages!.map(m => ({
            Id: m.MessageId!,
            ReceiptHandle: m.ReceiptHandle!,
          })),
          { Id: 'bogus', ReceiptHandle: 'nope' },
        ],
      }),
    );
    expect(deleted.Successful).toHaveLength(2);
    expect(deleted.Failed).toEqual([
      expect.objectContaining({ Id: 'bogus', Code: 'ReceiptHandleIsInvalid' }),
    ]);
    await expect(
      sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [] })),
    ).rejects.toMatchObject({ name: 'EmptyBatchRequest' });
    await expect(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: Array.from({ length: 11 }, (_, i) => ({
            Id: `m${i}`,
            MessageBody: 'x',
          })),
        }),
      ),
    ).rejects.toMatchObject({ name: 'TooManyEntriesInBatchRequest' });
    await expect(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'same', MessageBody: 'x' },
            { Id: 'same', MessageBody: 'y' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'BatchEntryIdsNotDistinct' });
  });

  it('purges a queue once a minute, and moves a message received too often to the dead-letter queue', async () => {
    const QueueUrl = freshQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    await expect(
      sqs.send(new PurgeQueueCommand({ QueueUrl })),
    ).rejects.toMatchObject({
      name: 'PurgeQueueInProgress',
      $metadata: { httpStatusCode: 403 },
    });
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages,
    ).toBeUndefined();

    const approvals = `${running.url}/${ACCOUNT}/agent-mesh-billing-staging-approvals`;
    await sqs.send(
      new SendMessageCommand({ QueueUrl: approvals, MessageBody: 'poison' }),
    );
    const receives: number[] = [];
    for (let i = 0; i < 6; i++) {
      const got = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: approvals,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 1,
        }),
      );
      receives.push(got.Messages?.filter(m => m.Body === 'poison').length ?? 0);
      await running.world().advance(1_000);
    }
    expect(receives).toEqual([1, 1, 1, 1, 1, 0]);
    const dlq = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: `${approvals}-dlq` }),
    );
    expect(dlq.Messages![0].Body).toBe('poison');
  });

  it('throttles and denies under injected faults, as SQS answers them', async () => {
    const QueueUrl = freshQueue();
    running.faults.add({ service: 'sqs', kind: 'throttle', count: 1 });
    await expect(
      sqs.send(new ReceiveMessageCommand({ QueueUrl })),
    ).rejects.toMatchObject({
      name: 'RequestThrottled',
      $metadata: { httpStatusCode: 403 },
    });
    running.faults.add({
      service: 'sqs',
      kind: 'deny',
      operation: 'SendMessage',
    });
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(
      sqs.send(new ReceiveMessageCommand({ QueueUrl })),
    ).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });
});
