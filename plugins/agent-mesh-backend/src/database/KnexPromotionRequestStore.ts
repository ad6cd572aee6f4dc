import {
  isLane,
  Lane,
  PromotionRequestStatus,
} from '@agent-mesh/plugin-agent-mesh-common';
import { Knex } from 'knex';
import {
  NewPromotionRequest,
  PendingRequestExistsError,
  PromotionRequestStore,
  RequestDecision,
  StoredPromotionRequest,
} from './PromotionRequestStore';

const REQUESTS = 'agent_mesh_promotion_requests';

interface RequestRow {
  id: string;
  mesh_ref: string;
  mesh_id: string;
  account_id: string;
  region: string;
  agent: string;
  from_lane: string;
  to_lane: string;
  from_version: number | string;
  status: string;
  pending_key: string | null;
  requested_by: string;
  requested_at: number | string;
  expires_at: number | string;
  reason: string | null;
  decided_by: string | null;
  decided_at: number | string | null;
  decision_reason: string | null;
}

/** The Knex implementation of {@link PromotionRequestStore}. */
export class KnexPromotionRequestStore implements PromotionRequestStore {
  constructor(private readonly db: Knex) {}

  async create(request: NewPromotionRequest, tx?: Knex.Transaction) {
    const row: RequestRow = {
      id: request.id,
      mesh_ref: request.meshRef,
      mesh_id: request.target.meshId,
      account_id: request.target.accountId,
      region: request.target.region,
      agent: request.agent,
      from_lane: request.from,
      to_lane: request.to,
      from_version: request.fromVersion,
      status: 'pending',
      pending_key: pendingKey(request.meshRef, request.agent),
      requested_by: request.requestedBy,
      requested_at: request.requestedAt,
      expires_at: request.expiresAt,
      reason: request.reason ?? null,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
    };
    try {
      await (tx ?? this.db)(REQUESTS).insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new PendingRequestExistsError(request.agent);
      }
      throw error;
    }
    return toRequest(row);
  }

  async get(meshRef: string, id: string, tx?: Knex.Transaction) {
    const row: RequestRow | undefined = await (tx ?? this.db)(REQUESTS)
      .where({ mesh_ref: meshRef, id })
      .first();
    return row ? toRequest(row) : undefined;
  }

  async list(
    meshRef: string,
    filter: { status?: PromotionRequestStatus; agent?: string },
    tx?: Knex.Transaction,
  ) {
    const query = (tx ?? this.db)(REQUESTS).where({ mesh_ref: meshRef });
    if (filter.status) query.andWhere('status', filter.status);
    if (filter.agent) query.andWhere('agent', filter.agent);
    const rows: RequestRow[] = await query
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(500);
    return rows.map(toRequest);
  }

  async countPending(meshRefs: string[], nowMs: number) {
    const counts = new Map<string, number>();
    for (let i = 0; i < meshRefs.length; i += 100) {
      const rows: Array<{ mesh_ref: string; n: number | string }> =
        await this.db(REQUESTS)
          .select('mesh_ref')
          .count({ n: '*' })
          .whereIn('mesh_ref', meshRefs.slice(i, i + 100))
          .andWhere({ status: 'pending' })
          .andWhere('expires_at', '>', nowMs)
          .groupBy('mesh_ref');
      for (const row of rows) counts.set(row.mesh_ref, Number(row.n));
    }
    return counts;
  }

  async decide(id: string, decision: RequestDecision, tx?: Knex.Transaction) {
    const changed = await (tx ?? this.db)(REQUESTS)
      .where({ id, status: 'pending' })
      .update({
        status: decision.status,
        pending_key: null,
        decided_by: decision.decidedBy,
        decided_at: decision.decidedAt,
        decision_reason: decision.decisionReason ?? null,
      });
    return changed === 1;
  }

  async listExpired(nowMs: number, meshRef?: string) {
    const query = this.db(REQUESTS)
      .where({ status: 'pending' })
      .andWhere('expires_at', '<=', nowMs);
    if (meshRef) query.andWhere('mesh_ref', meshRef);
    const rows: RequestRow[] = await query
      .orderBy('expires_at', 'asc')
      .limit(500);
    return rows.map(toRequest);
  }
}

function pendingKey(meshRef: string, agent: string) {
  return `${meshRef}|${agent}`;
}

/** SQLite and PostgreSQL name a unique violation differently. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key/i.test(e?.message ?? '')
  );
}

function toRequest(row: RequestRow): StoredPromotionRequest {
  const request: StoredPromotionRequest = {
    meshRef: row.mesh_ref,
    target: {
      meshId: row.mesh_id,
      accountId: row.account_id,
      region: row.region,
    },
    id: row.id,
    agent: row.agent,
    from: (isLane(row.from_lane) ? row.from_lane : 'read_only') as Lane,
    to: (isLane(row.to_lane) ? row.to_lane : 'read_only') as Lane,
    fromVersion: Number(row.from_version),
    status: row.status as PromotionRequestStatus,
    requestedBy: row.requested_by,
    requestedAt: new Date(Number(row.requested_at)).toISOString(),
    expiresAt: new Date(Number(row.expires_at)).toISOString(),
  };
  if (row.reason !== null) request.reason = row.reason;
  if (row.decided_by !== null) request.decidedBy = row.decided_by;
  if (row.decided_at !== null)
    request.decidedAt = new Date(Number(row.decided_at)).toISOString();
  if (row.decision_reason !== null)
    request.decisionReason = row.decision_reason;
  return request;
}

/** The API's view of a stored request. */
export function toApiRequest(request: StoredPromotionRequest) {
  const { meshRef: _m, target: _t, ...api } = request;
  return api;
}
