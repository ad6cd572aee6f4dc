import { Knex } from 'knex';
import {
  IdempotencyClaim,
  IdempotencyScope,
  IdempotencyStore,
} from './IdempotencyStore';
import { isUniqueViolation } from './KnexPromotionRequestStore';

const IDEMPOTENCY = 'agent_mesh_idempotency';

/** The Knex implementation of {@link IdempotencyStore}: the primary key decides which request claims a key. */
export class KnexIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Knex) {}

  async claim(
    scope: IdempotencyScope,
    fingerprint: string,
    nowMs: number,
  ): Promise<IdempotencyClaim> {
    try {
      await this.db(IDEMPOTENCY).insert({
        ...where(scope),
        fingerprint,
        status: null,
        body: null,
        created_at: nowMs,
      });
      return { state: 'claimed' };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const row = await this.db(IDEMPOTENCY).where(where(scope)).first();
    if (!row) {
      // Released between the insert and the read: the first request failed with a 5xx; claim it again.
      return this.claim(scope, fingerprint, nowMs);
    }
    if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (row.status === null || row.status === undefined) {
      return { state: 'in_progress' };
    }
    return {
      state: 'completed',
      status: Number(row.status),
      body: row.body ? JSON.parse(row.body) : undefined,
    };
  }

  async complete(
    scope: IdempotencyScope,
    answer: { status: number; body: unknown },
    tx?: Knex.Transaction,
  ) {
    await (tx ?? this.db)(IDEMPOTENCY)
      .where(where(scope))
      .update({ status: answer.status, body: JSON.stringify(answer.body) });
  }

  async release(scope: IdempotencyScope) {
    await this.db(IDEMPOTENCY).where(where(scope)).delete();
  }

  async deleteBefore(beforeMs: number) {
    return this.db(IDEMPOTENCY).where('created_at', '<', beforeMs).delete();
  }
}

function where(scope: IdempotencyScope) {
  return { mesh_ref: scope.meshRef, actor: scope.actor, key: scope.key };
}
