import {
  HistoryAction,
  HistoryEntry,
  isLane,
} from '@agent-mesh/plugin-agent-mesh-common';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { HistoryStore, NewHistoryEntry } from './HistoryStore';
import { AppliedLaneChange, LaneChangeReader } from './LaneChangeReader';

const HISTORY = 'agent_mesh_history';

/** The actions after which the KV item holds `to_lane` at `version`. */
export const APPLIED_ACTIONS: HistoryAction[] = [
  'promoted',
  'demoted',
  'request_approved',
];

interface HistoryRow {
  id: number | string;
  mesh_ref: string;
  at: number | string;
  actor: string;
  action: string;
  agent: string;
  from_lane: string | null;
  to_lane: string | null;
  version: number | null;
  reason: string | null;
  request_id: string | null;
  execution_name: string | null;
}

/** The Knex implementation of {@link HistoryStore}, for SQLite and PostgreSQL. Migrated by the plugin. */
export class KnexHistoryStore implements HistoryStore, LaneChangeReader {
  constructor(private readonly db: Knex) {}

  async append(
    entry: NewHistoryEntry,
    tx?: Knex.Transaction,
  ): Promise<HistoryEntry> {
    const row = {
      mesh_ref: entry.meshRef,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      agent: entry.agent,
      from_lane: entry.fromLane ?? null,
      to_lane: entry.toLane ?? null,
      version: entry.version ?? null,
      reason: entry.reason ?? null,
      request_id: entry.requestId ?? null,
      execution_name: entry.executionName ?? null,
    };
    const [inserted] = await (tx ?? this.db)(HISTORY)
      .insert(row)
      .returning('id');
    const id = typeof inserted === 'object' ? inserted.id : inserted;
    return toEntry({ ...row, id });
  }

  async list(
    meshRef: string,
    options: { agent?: string; limit: number; cursor?: string },
  ): Promise<{ items: HistoryEntry[]; nextCursor?: string }> {
    const query = this.db<HistoryRow>(HISTORY).where({ mesh_ref: meshRef });
    if (options.agent) query.andWhere('agent', options.agent);
    if (options.cursor !== undefined) {
      if (!/^[0-9]{1,18}$/.test(options.cursor)) {
        throw new InputError(`Invalid history cursor '${options.cursor}'`);
      }
      query.andWhere('id', '<', options.cursor);
    }
    const rows: HistoryRow[] = await query
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    const items = rows.slice(0, options.limit).map(toEntry);
    return rows.length > options.limit
      ? { items, nextCursor: items[items.length - 1].id }
      : { items };
  }

  async latestLaneChanges(
    meshRef: string,
  ): Promise<Map<string, AppliedLaneChange>> {
    const newest = this.db(HISTORY)
      .where({ mesh_ref: meshRef })
      .whereIn('action', APPLIED_ACTIONS)
      .groupBy('agent')
      .max({ id: 'id' });
    const rows: HistoryRow[] = await this.db(HISTORY).whereIn('id', newest);
    const result = new Map<string, AppliedLaneChange>();
    for (const row of rows) {
      if (isLane(row.to_lane) && row.version !== null) {
        result.set(row.agent, {
          agent: row.agent,
          lane: row.to_lane,
          version: Number(row.version),
          at: Number(row.at),
          actor: row.actor,
        });
      }
    }
    return result;
  }
}

function toEntry(row: HistoryRow): HistoryEntry {
  const entry: HistoryEntry = {
    id: String(row.id),
    at: new Date(Number(row.at)).toISOString(),
    actor: row.actor,
    action: row.action as HistoryAction,
    agent: row.agent,
  };
  if (isLane(row.from_lane)) entry.fromLane = row.from_lane;
  if (isLane(row.to_lane)) entry.toLane = row.to_lane;
  if (row.version !== null) entry.version = Number(row.version);
  if (row.reason !== null) entry.reason = row.reason;
  if (row.request_id !== null) entry.requestId = row.request_id;
  if (row.execution_name !== null) entry.executionName = row.execution_name;
  return entry;
}
