import { createHash } from 'node:crypto';

/** A message attribute as SQS JSON carries it (`BinaryValue` is base64). */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** The hex MD5 of a message body, which the SDK checks against the body it sent or received. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * The MD5 of message attributes as SQS computes it: for each attribute in name order, the length-prefixed
 * name, the length-prefixed data type, a transport byte (1 string, 2 binary) and the length-prefixed value.
 * Clients (botocore among them) recompute it, so it must follow the documented encoding exactly.
 */
export function md5OfMessageAttributes(
  attributes: Record<string, MessageAttributeValue>,
): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const value = attributes[name];
    const binary = value.DataType.startsWith('Binary');
    parts.push(lengthPrefixed(Buffer.from(name, 'utf8')));
    parts.push(lengthPrefixed(Buffer.from(value.DataType, 'utf8')));
    parts.push(Buffer.from([binary ? 2 : 1]));
    parts.push(
      lengthPrefixed(
        binary
          ? Buffer.from(value.BinaryValue ?? '', 'base64')
          : Buffer.from(value.StringValue ?? '', 'utf8'),
      ),
    );
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}
