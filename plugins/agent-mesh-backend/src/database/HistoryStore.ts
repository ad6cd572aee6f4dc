import {
  HistoryAction,
  HistoryEntry,
  Lane,
} from '@agent-mesh/plugin-agent-mesh-common';
import { Knex } from 'knex';

/** A history row to append; the store gives it its id. */
export interface NewHistoryEntry {
  /** The mesh's catalog entity ref. */
  meshRef: string;
  at: number;
  /** The user or service entity ref that acted, or `system` (for an expiry). */
  actor: string;
  action: HistoryAction;
  agent: string;
  fromLane?: Lane;
  toLane?: Lane;
  /** The lane item version after the change. */
  version?: number;
  reason?: string;
  requestId?: string;
  executionName?: string;
}

/**
 * The audit history of every mesh: promotions, demotions, requests, approvals, rejections, expiries and run
 * decisions. Rows are only ever appended. `append` takes an optional transaction so a change and its history
 * row commit together.
 */
export interface HistoryStore {
  append(entry: NewHistoryEntry, tx?: Knex.Transaction): Promise<HistoryEntry>;
  /** Newest first, keyset-paged by id; `cursor` is the `nextCursor` of the previous page. */
  list(
    meshRef: string,
    options: { agent?: string; limit: number; cursor?: string },
  ): Promise<{ items: HistoryEntry[]; nextCursor?: string }>;
}
