import { InputError } from '@backstage/errors';

/**
 * Runs `fn`, turning what it throws into an `InputError` with the same message, so the scaffolder shows a
 * construct's or the config parser's own words as the task's failure.
 */
export function withInputError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new InputError(
      error instanceof Error ? error.message : String(error),
    );
  }
}
