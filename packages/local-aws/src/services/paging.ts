import { AwsServiceError, validationError } from '../server/awsServiceError';

/** Encodes a position as an opaque page token. */
export function encodeToken(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a page token, or throws the service's invalid-token error. */
export function decodeToken<T>(
  token: unknown,
  errorCode: string,
  check: (value: any) => boolean,
): T | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  try {
    const value = JSON.parse(
      Buffer.from(String(token), 'base64url').toString('utf8'),
    );
    if (check(value)) return value as T;
  } catch {
    // fall through
  }
  throw new AwsServiceError(errorCode, 'Invalid pagination token');
}

/** Reads a page size: absent or 0 means `fallback`; out of range is a validation error. */
export function pageSize(
  value: unknown,
  fallback: number,
  max: number,
  field: string,
): number {
  if (value === undefined || value === null || value === 0) return fallback;
  if (!Number.isInteger(value) || Number(value) < 0 || Number(value) > max) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  }
  return Number(value);
}

/** A required string member, or a validation error naming it. */
export function requireString(
  input: Record<string, unknown>,
  field: string,
): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw validationError(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** Epoch milliseconds as the JSON protocols' timestamp (epoch seconds). */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** A JSON-protocol timestamp (epoch seconds, or an ISO string) as epoch milliseconds. */
export function toEpochMs(value: unknown, field: string): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return Date.parse(value);
  throw validationError(`${field} must be a timestamp`);
}
