import { AwsServiceError } from '../server/awsServiceError';
import { OperationTable } from '../server/awsJsonServer';
import { RequestContext } from '../server/requestContext';
import { messageInput, integerParameter } from '../sqs/messageInput';
import {
  MessageAttributeValue,
  md5OfMessageAttributes,
} from '../sqs/messageDigest';
import {
  batchEntryIdsNotDistinct,
  batchRequestTooLong,
  emptyBatchRequest,
  invalidAddress,
  invalidAttributeName,
  invalidBatchEntryId,
  invalidParameterValue,
  messageNotInflight,
  missingParameter,
  purgeQueueInProgress,
  queueDoesNotExist,
  receiptHandleIsInvalid,
  tooManyEntriesInBatchRequest,
} from '../sqs/sqsErrors';
import {
  listKey,
  Queue,
  QueueStore,
  ReceivedMessage,
} from '../stores/queueStore';

const TARGET = 'AmazonSQS';

/** Message system attributes a receive can ask for (standard queues). */
const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
];

/** Queue attributes GetQueueAttributes knows. */
const QUEUE_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'QueueArn',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'SqsManagedSseEnabled',
  'RedrivePolicy',
];

const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;
const PURGE_EVERY_MS = 60_000;

export interface SqsDeps {
  queues: QueueStore;
  now: () => number;
  /** The server's base URL, e.g. `http://127.0.0.1:4599`: queue URLs are `<base>/<account>/<name>`. */
  baseUrl: () => string;
}

export function queueUrl(baseUrl: string, queue: Queue): string {
  return `${baseUrl}/${queue.account}/${queue.name}`;
}

function queueArn(queue: Queue): string {
  return `arn:aws:sqs:${queue.region}:${queue.account}:${queue.name}`;
}

/** The queue a `QueueUrl` names (`<any origin>/<account>/<name>`), in the caller's region. */
function queueOf(
  queues: QueueStore,
  input: Record<string, unknown>,
  context: RequestContext,
): Queue {
  const url = input.QueueUrl;
  if (typeof url !== 'string' || url === '') throw missingParameter('QueueUrl');
  let path: string[];
  try {
    path = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    throw invalidAddress(url);
  }
  if (path.length !== 2 || !/^\d{12}$/.test(path[0])) throw invalidAddress(url);
  const queue = queues.get(context.region, path[0], path[1]);
  if (!queue) throw queueDoesNotExist();
  return queue;
}

/** The entries of a batch request, checked as SQS does: 1 to 10, ids valid and distinct. */
function batchEntries(
  input: Record<string, unknown>,
  entryName: string,
): Array<Record<string, unknown>> {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0)
    throw emptyBatchRequest(entryName);
  if (entries.length > 10) throw tooManyEntriesInBatchRequest(entries.length);
  const ids = new Set<string>();
  for (const entry of entries) {
    const id = (entry as Record<string, unknown>)?.Id;
    if (typeof id !== 'string' || !BATCH_ID.test(id))
      throw invalidBatchEntryId();
    if (ids.has(id)) throw batchEntryIdsNotDistinct(id);
    ids.add(id);
  }
  return entries;
}

/** A batch entry's failure, as SQS reports it in `Failed`. */
function failedEntry(id: string, error: unknown) {
  if (!(error instanceof AwsServiceError)) throw error;
  return {
    Id: id,
    SenderFault: error.statusCode < 500,
    Code: error.queryCode ?? error.code,
    Message: error.message,
  };
}

/** Which message attributes a receive returns: `All` or `.*`, `prefix.*`, or names. */
function attributeFilter(names: unknown): (name: string) => boolean {
  const wanted = Array.isArray(names) ? names.map(String) : [];
  return name =>
    wanted.some(w => {
      if (w === 'All' || w === '.*') return true;
      if (w.endsWith('.*')) return name.startsWith(w.slice(0, -1));
      return w === name;
    });
}

function systemAttributes(
  received: ReceivedMessage,
  names: string[],
): Record<string, string> | undefined {
  const all = names.includes('All');
  const { message } = received;
  const values: Record<string, string> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentMs),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveMs),
  };
  const picked = SYSTEM_ATTRIBUTES.filter(n => all || names.includes(n));
  return picked.length > 0
    ? Object.fromEntries(picked.map(n => [n, values[n]]))
    : undefined;
}

function outputMessage(
  received: ReceivedMessage,
  input: Record<string, unknown>,
) {
  const { message, receiptHandle } = received;
  const keep = attributeFilter(input.MessageAttributeNames);
  const attributes: Record<string, MessageAttributeValue> = Object.fromEntries(
    Object.entries(message.messageAttributes).filter(([n]) => keep(n)),
  );
  const systemNames = [
    ...((input.AttributeNames as string[] | undefined) ?? []),
    ...((input.MessageSystemAttributeNames as string[] | undefined) ?? []),
  ];
  const md5 = md5OfMessageAttributes(attributes);
  return {
    MessageId: message.messageId,
    ReceiptHandle: receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    Attributes: systemAttributes(received, systemNames),
    ...(md5
      ? { MessageAttributes: attributes, MD5OfMessageAttributes: md5 }
      : {}),
  };
}

function queueAttributes(
  deps: SqsDeps,
  queue: Queue,
  names: unknown,
): Record<string, string> | undefined {
  const wanted = Array.isArray(names) ? names.map(String) : [];
  for (const name of wanted)
    if (name !== 'All' && !QUEUE_ATTRIBUTES.includes(name))
      throw invalidAttributeName(name);
  if (wanted.length === 0) return undefined;
  const counts = deps.queues.counts(queue);
  const created = String(Math.floor(queue.createdMs / 1000));
  const values: Record<string, string> = {
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: created,
    LastModifiedTimestamp: created,
    DelaySeconds: String(queue.delaySeconds),
    MaximumMessageSize: String(queue.maximumMessageSize),
    MessageRetentionPeriod: String(queue.retentionSeconds),
    QueueArn: queueArn(queue),
    ReceiveMessageWaitTimeSeconds: String(queue.receiveWaitTimeSeconds),
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    SqsManagedSseEnabled: 'true',
  };
  if (queue.redrive) {
    const dlq = queue.redrive.deadLetterQueue;
    values.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: queueArn(dlq),
      maxReceiveCount: queue.redrive.maxReceiveCount,
    });
  }
  const all = wanted.includes('All');
  return Object.fromEntries(
    QUEUE_ATTRIBUTES.filter(
      n => (all || wanted.includes(n)) && values[n] !== undefined,
    ).map(n => [n, values[n]]),
  );
}

/** Where a ListQueues page starts: after the queue its NextToken names (base64url of name and owner). */
function pageStart(queues: Queue[], token: unknown): number {
  if (token === undefined || token === null) return 0;
  const after = Buffer.from(String(token), 'base64url').toString('utf8');
  if (after.split('\n').length !== 2)
    throw invalidParameterValue('Invalid NextToken value.');
  const from = queues.findIndex(q => listKey(q) > after);
  return from < 0 ? queues.length : from;
}

function sendOne(
  deps: SqsDeps,
  queue: Queue,
  entry: Record<string, unknown>,
  context: RequestContext,
) {
  const checked = messageInput(queue, entry);
  const message = deps.queues.send(queue, {
    ...checked,
    senderId: context.accessKeyId ?? 'AIDALOCALAWS',
  });
  const md5 = md5OfMessageAttributes(checked.attributes);
  return {
    MessageId: message.messageId,
    MD5OfMessageBody: message.md5OfBody,
    ...(md5 ? { MD5OfMessageAttributes: md5 } : {}),
  };
}

function deleteOne(queues: QueueStore, queue: Queue, handle: unknown): void {
  if (typeof handle !== 'string' || handle === '')
    throw missingParameter('ReceiptHandle');
  if (queues.delete(queue, handle) === 'invalid')
    throw receiptHandleIsInvalid(handle);
}

/**
 * The SQS operations (AWS JSON 1.0, `AmazonSQS.*`) on standard queues: what the approvals queue needs, and
 * what `@backstage/plugin-events-backend-module-aws-sqs` sends (ReceiveMessage with long polling,
 * DeleteMessageBatch).
 */
export function sqsOperations(deps: SqsDeps): OperationTable {
  const { queues } = deps;
  return {
    [`${TARGET}.GetQueueUrl`]: async (input, context) => {
      if (typeof input.QueueName !== 'string')
        throw missingParameter('QueueName');
      const queue = queues.find(
        context.region,
        input.QueueName,
        input.QueueOwnerAWSAccountId as string | undefined,
      );
      if (!queue) throw queueDoesNotExist();
      return { QueueUrl: queueUrl(deps.baseUrl(), queue) };
    },

    [`${TARGET}.ListQueues`]: async (input, context) => {
      const prefix = (input.QueueNamePrefix as string | undefined) ?? '';
      const names = queues
        .list(context.region)
        .filter(q => q.name.startsWith(prefix));
      const max =
        input.MaxResults === undefined
          ? 1000
          : integerParameter(input, 'MaxResults', [1, 1000], 1000);
      const from = pageStart(names, input.NextToken);
      const page = names.slice(from, from + max);
      const last = page[page.length - 1];
      return {
        ...(page.length > 0
          ? { QueueUrls: page.map(q => queueUrl(deps.baseUrl(), q)) }
          : {}),
        ...(input.MaxResults !== undefined && from + max < names.length
          ? {
              NextToken: Buffer.from(listKey(last)).toString('base64url'),
            }
          : {}),
      };
    },

    [`${TARGET}.GetQueueAttributes`]: async (input, context) => {
      const queue = queueOf(queues, input, context);
      const attributes = queueAttributes(deps, queue, input.AttributeNames);
      return attributes ? { Attributes: attributes } : {};
    },

    [`${TARGET}.SendMessage`]: async (input, context) =>
      sendOne(deps, queueOf(queues, input, context), input, context),

    [`${TARGET}.SendMessageBatch`]: async (input, context) => {
      const queue = queueOf(queues, input, context);
      const entries = batchEntries(input, 'SendMessageBatchRequestEntry');
      const total = entries.reduce(
        (sum, e) =>
          sum +
          Buffer.byteLength(String(e.MessageBody ?? '')) +
          Buffer.byteLength(JSON.stringify(e.MessageAttributes ?? {})),
        0,
      );
      if (total > queue.maximumMessageSize)
        throw batchRequestTooLong(queue.maximumMessageSize);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of entries) {
        try {
          Successful.push({
            Id: entry.Id,
            ...sendOne(deps, queue, entry, context),
          });
        } catch (error) {
          Failed.push(failedEntry(String(entry.Id), error));
        }
      }
      return { Successful, Failed };
    },

    [`${TARGET}.ReceiveMessage`]: async (input, context) => {
      const queue = queueOf(queues, input, context);
      const max = integerParameter(input, 'MaxNumberOfMessages', [1, 10], 1);
      const visibilityTimeoutSeconds = integerParameter(
        input,
        'VisibilityTimeout',
        [0, 43_200],
        queue.visibilityTimeoutSeconds,
      );
      const waitSeconds = integerParameter(
        input,
        'WaitTimeSeconds',
        [0, 20],
        queue.receiveWaitTimeSeconds,
      );
      const received = await queues.receiveWaiting(
        queue,
        { max, visibilityTimeoutSeconds },
        waitSeconds * 1000,
      );
      return received.length > 0
        ? { Messages: received.map(r => outputMessage(r, input)) }
        : {};
    },

    [`${TARGET}.DeleteMessage`]: async (input, context) => {
      deleteOne(queues, queueOf(queues, input, context), input.ReceiptHandle);
      return {};
    },

    [`${TARGET}.DeleteMessageBatch`]: async (input, context) => {
      const queue = queueOf(queues, input, context);
      const entries = batchEntries(input, 'DeleteMessageBatchRequestEntry');
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of entries) {
        try {
          deleteOne(queues, queue, entry.ReceiptHandle);
          Successful.push({ Id: entry.Id });
        } catch (error) {
          Failed.push(failedEntry(String(entry.Id), error));
        }
      }
      return { Successful, Failed };
    },

    [`${TARGET}.ChangeMessageVisibility`]: async (input, context) => {
      const queue = queueOf(queues, input, context);
      const handle = input.ReceiptHandle;
      if (typeof handle !== 'string' || handle === '')
        throw missingParameter('ReceiptHandle');
      if (input.VisibilityTimeout === undefined)
        throw missingParameter('VisibilityTimeout');
      const seconds = integerParameter(
        input,
        'VisibilityTimeout',
        [0, 43_200],
        0,
      );
      const result = queues.changeVisibility(queue, handle, seconds);
      if (result === 'invalid') throw receiptHandleIsInvalid(handle);
      if (result === 'not-in-flight') throw messageNotInflight();
      return {};
    },

    [`${TARGET}.PurgeQueue`]: async (input, context) => {
      const queue = queueOf(queues, input, context);
      // SQS allows one purge a minute per queue.
      if (
        queue.lastPurgeMs !== undefined &&
        deps.now() - queue.lastPurgeMs < PURGE_EVERY_MS
      )
        throw purgeQueueInProgress(queue.name);
      queues.purge(queue);
      return {};
    },
  };
}
