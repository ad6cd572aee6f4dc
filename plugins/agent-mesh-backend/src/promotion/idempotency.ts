import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  IdempotencyScope,
  IdempotencyStore,
} from '../database/IdempotencyStore';
import {
  GatesFailedError,
  gatesFailedBody,
  LaneConflictError,
  laneConflictBody,
} from './promotionErrors';

/** An answer: a status and the body the route sends. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
}

/** Keeps the answer for retries; the change calls it inside its transaction. */
export type KeepAnswer = (
  answer: Answer,
  tx: Knex.Transaction,
) => Promise<void>;

/** A stable hash of what a request asks, so a key reused for another request is refused. */
export function fingerprintOf(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Runs a change at most once per (mesh, actor, key). A retry of a finished request gets the first answer
 * (including a 409 or 422 refusal); one still in progress is refused with `inProgress()`; a key reused with
 * another body is a 400. A 5xx (any other error) is not kept: the key is released so a retry runs again.
 */
export async function runIdempotent<T>(options: {
  store: IdempotencyStore;
  scope: IdempotencyScope | undefined;
  fingerprint: string;
  nowMs: number;
  inProgress: () => Promise<Error>;
  run: (keep: KeepAnswer) => Promise<Answer<T>>;
}): Promise<Answer> {
  const { store, scope } = options;
  if (!scope) {
    return options.run(async () => {});
  }
  const claim = await store.claim(scope, options.fingerprint, options.nowMs);
  if (claim.state === 'completed') {
    return { status: claim.status, body: claim.body };
  }
  if (claim.state === 'mismatch') {
    throw new InputError(
      `The idempotency key '${scope.key}' was already used for another request; make a new key per change`,
    );
  }
  if (claim.state === 'in_progress') {
    throw await options.inProgress();
  }
  try {
    return await options.run((answer, tx) => store.complete(scope, answer, tx));
  } catch (error) {
    if (error instanceof LaneConflictError) {
      await store.complete(scope, {
        status: 409,
        body: laneConflictBody(error),
      });
    } else if (error instanceof GatesFailedError) {
      await store.complete(scope, {
        status: 422,
        body: gatesFailedBody(error),
      });
    } else {
      await store.release(scope);
    }
    throw error;
  }
}
