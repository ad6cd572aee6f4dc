import { convertToNative } from '@aws-sdk/util-dynamodb';

/** A DynamoDB attribute value in its wire form, e.g. `{ S: 'x' }` or `{ N: '3' }`. */
export type AttributeValue = Record<string, any>;
export type Item = Record<string, AttributeValue>;

export function typeOf(value: AttributeValue): string {
  return Object.keys(value)[0];
}

/** Equality as DynamoDB defines it: same type and same value. */
export function equal(
  a: AttributeValue | undefined,
  b: AttributeValue | undefined,
): boolean {
  if (!a || !b) return false;
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  if (ta === 'N') return Number(a.N) === Number(b.N);
  return JSON.stringify(a[ta]) === JSON.stringify(b[ta]);
}

/** Ordering for N, S and B values of the same type; undefined when they cannot be compared. */
export function compare(
  a: AttributeValue | undefined,
  b: AttributeValue | undefined,
): number | undefined {
  if (!a || !b) return undefined;
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return undefined;
  if (ta === 'N') return Number(a.N) - Number(b.N);
  if (ta === 'S' || ta === 'B') {
    if (a[ta] === b[ta]) return 0;
    return a[ta] < b[ta] ? -1 : 1;
  }
  return undefined;
}

export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/**
 * The plain value of one attribute (`{ S: 'x' }` is `'x'`), by util-dynamodb; our wire-form values are the
 * SDK's AttributeValue, typed loosely because the stores keep whatever the client sent.
 */
export function nativeValue(value: AttributeValue | undefined): unknown {
  return value === undefined
    ? undefined
    : convertToNative(value as Parameters<typeof convertToNative>[0]);
}
