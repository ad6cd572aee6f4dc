import { Queue } from '../stores/queueStore';
import { MessageAttributeValue } from './messageDigest';
import {
  invalidMessageContents,
  invalidParameterValue,
  missingParameter,
} from './sqsErrors';

/** Characters SQS accepts in a body: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. */
const INVALID_BODY_CHARACTER =
  // The allowed control characters (tab, line feed, carriage return) must be named to be allowed.
  // eslint-disable-next-line no-control-regex
  /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/;

/** An integer parameter within SQS's bounds, or its default; InvalidParameterValue otherwise. */
export function integerParameter(
  input: Record<string, unknown>,
  name: string,
  range: [number, number],
  fallback: number,
): number {
  const value = input[name];
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < range[0] || n > range[1]) {
    throw invalidParameterValue(
      `Value ${String(
        value,
      )} for parameter ${name} is invalid. Reason: Must be between ${
        range[0]
      } and ${range[1]}, if provided.`,
    );
  }
  return n;
}

function checkAttributes(
  attributes: Record<string, MessageAttributeValue>,
): number {
  const names = Object.keys(attributes);
  if (names.length > 10) {
    throw invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [10].`,
    );
  }
  let bytes = 0;
  for (const name of names) {
    const value = attributes[name] ?? ({} as MessageAttributeValue);
    if (!ATTRIBUTE_NAME.test(name) || /^(aws\.|amazon\.)/i.test(name)) {
      throw invalidParameterValue(
        `Message attribute name '${name}' is invalid.`,
      );
    }
    if (typeof value.DataType !== 'string' || !DATA_TYPE.test(value.DataType)) {
      throw invalidParameterValue(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    const binary = value.DataType.startsWith('Binary');
    const content = binary ? value.BinaryValue : value.StringValue;
    if (typeof content !== 'string' || content.length === 0) {
      throw invalidParameterValue(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${
          value.DataType.split('.')[0]
        }'.`,
      );
    }
    if (
      value.DataType.startsWith('Number') &&
      !Number.isFinite(Number(content))
    ) {
      throw invalidParameterValue(
        `Can't cast the value of message (user) attribute '${name}' to a number.`,
      );
    }
    bytes +=
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType) +
      (binary
        ? Buffer.from(content, 'base64').length
        : Buffer.byteLength(content));
  }
  return bytes;
}

/**
 * A message to send, checked as SQS checks it: a non-empty body of allowed characters, valid attributes, and
 * body and attributes together within the queue's maximum message size.
 */
export function messageInput(
  queue: Queue,
  entry: Record<string, unknown>,
): {
  body: string;
  attributes: Record<string, MessageAttributeValue>;
  delaySeconds: number;
  bytes: number;
} {
  const body = entry.MessageBody;
  if (typeof body !== 'string' || body.length === 0)
    throw missingParameter('MessageBody');
  if (INVALID_BODY_CHARACTER.test(body)) throw invalidMessageContents();
  const attributes = (entry.MessageAttributes ?? {}) as Record<
    string,
    MessageAttributeValue
  >;
  const bytes = Buffer.byteLength(body) + checkAttributes(attributes);
  if (bytes > queue.maximumMessageSize) {
    throw invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${queue.maximumMessageSize} bytes.`,
    );
  }
  const delaySeconds = integerParameter(
    entry,
    'DelaySeconds',
    [0, 900],
    queue.delaySeconds,
  );
  return { body, attributes, delaySeconds, bytes };
}
