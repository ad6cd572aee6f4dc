import { Knex } from 'knex';

/** Who made a request and the key they gave it. */
export interface IdempotencyScope {
  meshRef: string;
  actor: string;
  key: string;
}

export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'in_progress' }
  | { state: 'mismatch' }
  | { state: 'completed'; status: number; body: unknown };

/**
 * The answers kept for retries: a key is unique per (mesh, actor, key). The first request claims it; its answer
 * is stored when it ends (in the change's transaction when it changed something), or the claim is released
 * (a 5xx answer is not kept, so a retry runs again).
 */
export interface IdempotencyStore {
  /** Claims the key for a request with this fingerprint (a hash of the operation and its body). */
  claim(
    scope: IdempotencyScope,
    fingerprint: string,
    nowMs: number,
  ): Promise<IdempotencyClaim>;
  complete(
    scope: IdempotencyScope,
    answer: { status: number; body: unknown },
    tx?: Knex.Transaction,
  ): Promise<void>;
  release(scope: IdempotencyScope): Promise<void>;
  /** Deletes answers older than `beforeMs`. */
  deleteBefore(beforeMs: number): Promise<number>;
}
