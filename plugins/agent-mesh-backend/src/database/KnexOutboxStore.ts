import { PortalEventDetailType } from '@agent-mesh/plugin-agent-mesh-common';
import { Knex } from 'knex';
import { OutboxEntry, OutboxStore } from './OutboxStore';

const OUTBOX = 'agent_mesh_outbox';

interface OutboxRow {
  id: number | string;
  mesh_ref: string;
  account_id: string;
  region: string;
  bus_name: string;
  detail_type: string;
  detail: string;
  event_time: number | string;
  attempts: number | string;
}

/** The Knex implementation of {@link OutboxStore}. */
export class KnexOutboxStore implements OutboxStore {
  constructor(private readonly db: Knex) {}

  async add(
    entry: Omit<OutboxEntry, 'id' | 'attempts'>,
    tx?: Knex.Transaction,
  ): Promise<string> {
    const [inserted] = await (tx ?? this.db)(OUTBOX)
      .insert({
        mesh_ref: entry.meshRef,
        account_id: entry.target.accountId,
        region: entry.target.region,
        bus_name: entry.busName,
        detail_type: entry.event.detailType,
        detail: JSON.stringify(entry.event.detail),
        event_time: entry.event.time.getTime(),
        attempts: 0,
      })
      .returning('id');
    return String(typeof inserted === 'object' ? inserted.id : inserted);
  }

  async get(id: string) {
    const row: OutboxRow | undefined = await this.db(OUTBOX)
      .where({ id })
      .first();
    return row ? toEntry(row) : undefined;
  }

  async listPending(limit: number) {
    const rows: OutboxRow[] = await this.db(OUTBOX)
      .orderBy('id', 'asc')
      .limit(limit);
    return rows.map(toEntry);
  }

  async remove(id: string) {
    await this.db(OUTBOX).where({ id }).delete();
  }

  async markFailed(id: string, error: string) {
    await this.db(OUTBOX)
      .where({ id })
      .update({
        attempts: this.db.raw('attempts + 1'),
        last_error: error.slice(0, 2000),
      });
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: String(row.id),
    meshRef: row.mesh_ref,
    target: { accountId: row.account_id, region: row.region },
    busName: row.bus_name,
    event: {
      detailType: row.detail_type as PortalEventDetailType,
      detail: JSON.parse(row.detail),
      time: new Date(Number(row.event_time)),
    },
    attempts: Number(row.attempts),
  };
}
