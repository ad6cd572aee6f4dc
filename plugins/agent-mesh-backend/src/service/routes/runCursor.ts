import { InputError } from '@backstage/errors';

export interface RunCursor {
  startMs: number;
  name: string;
}

/** An opaque cursor: the start time and name of the last run of the page. */
export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.startMs, cursor.name])).toString(
    'base64url',
  );
}

export function decodeRunCursor(value: string): RunCursor {
  try {
    const [startMs, name] = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    );
    if (
      Number.isSafeInteger(startMs) &&
      typeof name === 'string' &&
      name.length <= 80
    ) {
      return { startMs, name };
    }
  } catch {
    // fall through
  }
  throw new InputError(
    `Invalid cursor '${value}': pass the nextCursor of a previous page`,
  );
}
