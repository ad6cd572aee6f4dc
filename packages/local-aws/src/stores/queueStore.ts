import { randomBytes, randomUUID } from 'node:crypto';
import { MessageAttributeValue, md5OfBody } from '../sqs/messageDigest';

/** A message in a queue, visible or in flight. */
export interface QueueMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  senderId: string;
  sentMs: number;
  /** When the message can be received (again): after its delay, or after the visibility timeout of a receive. */
  visibleAtMs: number;
  receiveCount: number;
  firstReceiveMs?: number;
}

/** A standard SQS queue with its settings (seconds, as SQS attributes give them). */
export interface Queue {
  name: string;
  region: string;
  account: string;
  meshId?: string;
  createdMs: number;
  visibilityTimeoutSeconds: number;
  delaySeconds: number;
  retentionSeconds: number;
  maximumMessageSize: number;
  receiveWaitTimeSeconds: number;
  messages: QueueMessage[];
  lastPurgeMs?: number;
  /** Where a message goes once received `maxReceiveCount` times without being deleted. */
  redrive?: { deadLetterQueue: Queue; maxReceiveCount: number };
}

/** A received message with the receipt handle of this receive. */
export interface ReceivedMessage {
  message: QueueMessage;
  receiptHandle: string;
}

/** What a receipt handle refers to; it is opaque to clients. */
interface Receipt {
  queue: string;
  messageId: string;
  receive: number;
}

/** SQS defaults for a new standard queue. */
export const QUEUE_DEFAULTS = {
  visibilityTimeoutSeconds: 30,
  delaySeconds: 0,
  retentionSeconds: 4 * 86_400,
  maximumMessageSize: 1_048_576,
  receiveWaitTimeSeconds: 0,
};

/** How often a long poll looks again for messages whose visibility timeout or delay has run out. */
const RECHECK_MS = 200;

/** The order of ListQueues: name, then owner. */
export const listKey = (q: { account: string; name: string }) =>
  `${q.name}\n${q.account}`;

const keyOf = (q: { region: string; account: string; name: string }) =>
  `${q.region}|${q.account}|${q.name}`;

/**
 * The queues of the demo account, on the world clock: visibility timeouts, delays and retention run on it,
 * so a test with a fixed clock decides when an in-flight message comes back. Long polls wait in real time,
 * as the client does, and are answered as soon as a message can be received.
 */
export class QueueStore {
  private readonly queues = new Map<string, Queue>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private closed = false;

  constructor(private readonly now: () => number) {}

  create(input: {
    name: string;
    region: string;
    account: string;
    meshId?: string;
    createdMs: number;
    retentionSeconds?: number;
    redrive?: Queue['redrive'];
  }): Queue {
    const queue: Queue = {
      ...QUEUE_DEFAULTS,
      ...input,
      retentionSeconds:
        input.retentionSeconds ?? QUEUE_DEFAULTS.retentionSeconds,
      messages: [],
    };
    this.queues.set(keyOf(queue), queue);
    return queue;
  }

  get(region: string, account: string, name: string): Queue | undefined {
    return this.queues.get(keyOf({ region, account, name }));
  }

  /** A queue of the region by name, of the given owner or of any account. */
  find(region: string, name: string, account?: string): Queue | undefined {
    return this.list(region).find(
      q => q.name === name && (!account || q.account === account),
    );
  }

  /** The region's queues in name order (then owner), by code unit as pages are cut. */
  list(region: string): Queue[] {
    return [...this.queues.values()]
      .filter(q => q.region === region)
      .sort((a, b) => (listKey(a) < listKey(b) ? -1 : 1));
  }

  send(
    queue: Queue,
    input: {
      body: string;
      attributes?: Record<string, MessageAttributeValue>;
      delaySeconds?: number;
      senderId: string;
    },
  ): QueueMessage {
    const sentMs = this.now();
    const message: QueueMessage = {
      messageId: randomUUID(),
      body: input.body,
      md5OfBody: md5OfBody(input.body),
      messageAttributes: input.attributes ?? {},
      senderId: input.senderId,
      sentMs,
      visibleAtMs: sentMs + (input.delaySeconds ?? queue.delaySeconds) * 1000,
      receiveCount: 0,
    };
    queue.messages.push(message);
    this.notify(queue);
    return message;
  }

  /** Receives up to `max` visible messages, oldest first, hiding each for the visibility timeout. */
  receive(
    queue: Queue,
    options: { max: number; visibilityTimeoutSeconds?: number },
  ): ReceivedMessage[] {
    const now = this.now();
    this.prune(queue, now);
    const hideMs =
      (options.visibilityTimeoutSeconds ?? queue.visibilityTimeoutSeconds) *
      1000;
    const received: ReceivedMessage[] = [];
    for (const message of [...queue.messages]) {
      if (received.length >= options.max) break;
      if (message.visibleAtMs > now) continue;
      if (this.redriven(queue, message)) continue;
      message.receiveCount += 1;
      message.firstReceiveMs ??= now;
      message.visibleAtMs = now + hideMs;
      received.push({ message, receiptHandle: this.handle(queue, message) });
    }
    return received;
  }

  /**
   * Receives as `receive` does, waiting up to `waitMs` of real time for a message when none can be received
   * yet: a send to the queue answers the wait at once.
   */
  async receiveWaiting(
    queue: Queue,
    options: { max: number; visibilityTimeoutSeconds?: number },
    waitMs: number,
  ): Promise<ReceivedMessage[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const received = this.receive(queue, options);
      const left = deadline - Date.now();
      if (received.length > 0 || left <= 0 || this.closed) return received;
      await this.nextChange(queue, Math.min(left, RECHECK_MS));
    }
  }

  /**
   * Deletes the message a receipt handle was given for. A handle of an earlier receive, or of a message
   * already deleted, succeeds without deleting (SQS asks for the latest handle); a handle that is not one
   * of this queue's is `invalid`.
   */
  delete(queue: Queue, receiptHandle: string): 'deleted' | 'kept' | 'invalid' {
    const receipt = this.readHandle(queue, receiptHandle);
    if (!receipt) return 'invalid';
    const index = queue.messages.findIndex(
      m => m.messageId === receipt.messageId,
    );
    if (index < 0 || queue.messages[index].receiveCount !== receipt.receive)
      return 'kept';
    queue.messages.splice(index, 1);
    return 'deleted';
  }

  /** Sets how long a received message stays hidden from now on; only the latest receive's handle may. */
  changeVisibility(
    queue: Queue,
    receiptHandle: string,
    seconds: number,
  ): 'changed' | 'not-in-flight' | 'invalid' {
    const receipt = this.readHandle(queue, receiptHandle);
    if (!receipt) return 'invalid';
    const message = queue.messages.find(m => m.messageId === receipt.messageId);
    if (!message || message.receiveCount !== receipt.receive) return 'invalid';
    const now = this.now();
    if (message.visibleAtMs <= now) return 'not-in-flight';
    message.visibleAtMs = now + seconds * 1000;
    if (seconds === 0) this.notify(queue);
    return 'changed';
  }

  /** Deletes every message, in flight or not. */
  purge(queue: Queue): void {
    queue.messages = [];
    queue.lastPurgeMs = this.now();
  }

  /** The approximate counts SQS reports: visible, in flight (received and hidden), delayed (never received). */
  counts(queue: Queue): { visible: number; inFlight: number; delayed: number } {
    const now = this.now();
    this.prune(queue, now);
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of queue.messages) {
      if (m.visibleAtMs <= now) visible++;
      else if (m.receiveCount > 0) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed };
  }

  /** Answers every long poll (the world is closing or resetting). */
  close(): void {
    this.closed = true;
    for (const listeners of this.listeners.values())
      for (const wake of listeners) wake();
    this.listeners.clear();
  }

  /** Moves a message received too often to the dead-letter queue, as SQS does on its next receive. */
  private redriven(queue: Queue, message: QueueMessage): boolean {
    const redrive = queue.redrive;
    if (!redrive || message.receiveCount < redrive.maxReceiveCount)
      return false;
    queue.messages = queue.messages.filter(m => m !== message);
    redrive.deadLetterQueue.messages.push({
      ...message,
      receiveCount: 0,
      firstReceiveMs: undefined,
    });
    this.notify(redrive.deadLetterQueue);
    return true;
  }

  /** Drops the messages older than the queue's retention period. */
  private prune(queue: Queue, now: number): void {
    const oldest = now - queue.retentionSeconds * 1000;
    if (queue.messages.length > 0 && queue.messages[0].sentMs <= oldest)
      queue.messages = queue.messages.filter(m => m.sentMs > oldest);
  }

  private handle(queue: Queue, message: QueueMessage): string {
    const receipt: Receipt = {
      queue: keyOf(queue),
      messageId: message.messageId,
      receive: message.receiveCount,
    };
    // The random tail makes every receive's handle distinct, as on SQS.
    return `${Buffer.from(JSON.stringify(receipt)).toString(
      'base64url',
    )}.${randomBytes(12).toString('base64url')}`;
  }

  private readHandle(queue: Queue, receiptHandle: string): Receipt | undefined {
    try {
      const [head] = String(receiptHandle).split('.');
      const receipt = JSON.parse(
        Buffer.from(head, 'base64url').toString('utf8'),
      ) as Receipt;
      if (
        receipt?.queue === keyOf(queue) &&
        typeof receipt.messageId === 'string' &&
        typeof receipt.receive === 'number'
      )
        return receipt;
    } catch {
      // not one of ours
    }
    return undefined;
  }

  private notify(queue: Queue): void {
    const listeners = this.listeners.get(keyOf(queue));
    if (!listeners) return;
    this.listeners.delete(keyOf(queue));
    for (const wake of listeners) wake();
  }

  private nextChange(queue: Queue, ms: number): Promise<void> {
    return new Promise(resolve => {
      const key = keyOf(queue);
      const listeners = this.listeners.get(key) ?? new Set<() => void>();
      this.listeners.set(key, listeners);
      const timer = setTimeout(wake, ms);
      timer.unref();
      function wake() {
        clearTimeout(timer);
        listeners.delete(wake);
        resolve();
      }
      listeners.add(wake);
    });
  }
}
