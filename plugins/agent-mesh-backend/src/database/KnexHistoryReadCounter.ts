import { Knex } from 'knex';

const TABLE = 'agent_mesh_history_reads';

/**
 * Counts a mesh's run history reads per time window in the plugin database: one atomic upsert per read, so
 * every replica sees the same count. Windows older than the current one are deleted as new ones open.
 */
export class KnexHistoryReadCounter {
  constructor(private readonly db: Knex) {}

  /** Adds one read to the mesh's window starting at `windowStart` and returns the window's count with it. */
  async take(meshRef: string, windowStart: number): Promise<number> {
    const [row] = await this.db(TABLE)
      .insert({ mesh_ref: meshRef, window_start: windowStart, count: 1 })
      .onConflict(['mesh_ref', 'window_start'])
      .merge({ count: this.db.raw('??.?? + 1', [TABLE, 'count']) })
      .returning('count');
    if (Number(row.count) === 1) {
      await this.db(TABLE)
        .where({ mesh_ref: meshRef })
        .andWhere('window_start', '<', windowStart)
        .delete();
    }
    return Number(row.count);
  }
}
