import {
  Lane,
  PromotionRequest,
  PromotionRequestStatus,
} from '@agent-mesh/plugin-agent-mesh-common';
import { Knex } from 'knex';
import { MeshTarget } from '../aws/meshTarget';

/** A promotion request as stored: the API's shape plus where its mesh lives (the expiry task needs it). */
export interface StoredPromotionRequest extends PromotionRequest {
  meshRef: string;
  target: MeshTarget;
}

export interface NewPromotionRequest {
  id: string;
  meshRef: string;
  target: MeshTarget;
  agent: string;
  from: Lane;
  to: Lane;
  fromVersion: number;
  requestedBy: string;
  requestedAt: number;
  expiresAt: number;
  reason?: string;
}

export interface RequestDecision {
  status: Exclude<PromotionRequestStatus, 'pending'>;
  decidedBy: string;
  decidedAt: number;
  decisionReason?: string;
}

/** Thrown by `create` when the agent already has a pending request. */
export class PendingRequestExistsError extends Error {
  constructor(readonly agent: string) {
    super(`Agent ${agent} already has a pending promotion request`);
    this.name = 'PendingRequestExistsError';
  }
}

/**
 * Promotion requests waiting for a second person. At most one request per agent is pending; a decision is
 * taken only from `pending` (a compare-and-set), so two deciders cannot both win.
 */
export interface PromotionRequestStore {
  create(
    request: NewPromotionRequest,
    tx?: Knex.Transaction,
  ): Promise<StoredPromotionRequest>;
  get(
    meshRef: string,
    id: string,
    tx?: Knex.Transaction,
  ): Promise<StoredPromotionRequest | undefined>;
  /** Newest first. */
  list(
    meshRef: string,
    filter: { status?: PromotionRequestStatus; agent?: string },
    tx?: Knex.Transaction,
  ): Promise<StoredPromotionRequest[]>;
  /** How many requests are pending and unexpired per mesh ref, for the mesh list; meshes without any are absent. */
  countPending(meshRefs: string[], nowMs: number): Promise<Map<string, number>>;
  /** Ends a pending request; false (and nothing changed) when it was no longer pending. */
  decide(
    id: string,
    decision: RequestDecision,
    tx?: Knex.Transaction,
  ): Promise<boolean>;
  /** Pending requests whose lifetime ended before `nowMs`, of one mesh or of all. */
  listExpired(
    nowMs: number,
    meshRef?: string,
  ): Promise<StoredPromotionRequest[]>;
}
