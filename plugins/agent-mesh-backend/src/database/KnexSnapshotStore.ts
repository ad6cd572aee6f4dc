import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  RunCountRow,
  RunFilter,
  SnapshotBody,
  SnapshotStore,
  StoredCost,
  StoredRun,
  StoredRunDetail,
} from './SnapshotStore';

const migrationsDir = resolvePackagePath(
  '@agent-mesh/plugin-agent-mesh-backend',
  'migrations',
);

const SNAPSHOTS = 'agent_mesh_snapshots';
const RUNS = 'agent_mesh_runs';
const COST = 'agent_mesh_cost';
/** Rows per insert, well under SQLite's bound-variable limit. */
const CHUNK = 100;

interface RunRow {
  mesh_ref: string;
  name: string;
  execution_arn: string;
  agent: string | null;
  lane: string | null;
  status: string;
  start_ms: number | string;
  stop_ms: number | string | null;
  history?: string | null;
  history_fetched_at?: number | string | null;
  history_final?: boolean | number;
}

/** The run columns an upsert overwrites: all but the key `name`. */
const RUN_MUTABLE_COLUMNS = [
  'execution_arn',
  'agent',
  'lane',
  'status',
  'start_ms',
  'stop_ms',
];
const RUN_COLUMNS = ['name', ...RUN_MUTABLE_COLUMNS];

/** The Knex implementation of {@link SnapshotStore}, for SQLite and PostgreSQL. */
export class KnexSnapshotStore implements SnapshotStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<KnexSnapshotStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexSnapshotStore(client);
  }

  constructor(private readonly db: Knex) {}

  async getSnapshot(meshRef: string) {
    const row = await this.db(SNAPSHOTS).where({ mesh_ref: meshRef }).first();
    return row
      ? {
          refreshedAt: Number(row.refreshed_at),
          snapshot: JSON.parse(row.snapshot) as SnapshotBody,
        }
      : undefined;
  }

  async getSnapshots(meshRefs: string[]) {
    const result = new Map<
      string,
      { refreshedAt: number; snapshot: SnapshotBody }
    >();
    for (let i = 0; i < meshRefs.length; i += CHUNK) {
      const rows = await this.db(SNAPSHOTS).whereIn(
        'mesh_ref',
        meshRefs.slice(i, i + CHUNK),
      );
      for (const row of rows) {
        result.set(row.mesh_ref, {
          refreshedAt: Number(row.refreshed_at),
          snapshot: JSON.parse(row.snapshot),
        });
      }
    }
    return result;
  }

  async putSnapshot(
    meshRef: string,
    snapshot: SnapshotBody,
    refreshedAt: number,
  ) {
    await this.db(SNAPSHOTS)
      .insert({
        mesh_ref: meshRef,
        mesh_id: snapshot.meshId,
        refreshed_at: refreshedAt,
        snapshot: JSON.stringify(snapshot),
      })
      .onConflict('mesh_ref')
      .merge(['mesh_id', 'refreshed_at', 'snapshot']);
  }

  async upsertRuns(meshRef: string, runs: StoredRun[]) {
    for (let i = 0; i < runs.length; i += CHUNK) {
      await this.db(RUNS)
        .insert(
          runs.slice(i, i + CHUNK).map(run => ({
            mesh_ref: meshRef,
            name: run.name,
            execution_arn: run.executionArn,
            agent: run.agent ?? null,
            lane: run.lane ?? null,
            status: run.status,
            start_ms: run.startMs,
            stop_ms: run.stopMs ?? null,
          })),
        )
        .onConflict(['mesh_ref', 'name'])
        .merge(RUN_MUTABLE_COLUMNS);
    }
  }

  async knownRunNames(meshRef: string, names: string[]) {
    const known = new Set<string>();
    for (let i = 0; i < names.length; i += CHUNK * 5) {
      const rows: Array<{ name: string }> = await this.db(RUNS)
        .where({ mesh_ref: meshRef })
        .whereIn('name', names.slice(i, i + CHUNK * 5))
        .select('name');
      rows.forEach(row => known.add(row.name));
    }
    return known;
  }

  async openRuns(meshRef: string) {
    const rows: RunRow[] = await this.db(RUNS)
      .where({ mesh_ref: meshRef, status: 'RUNNING' })
      .select(...RUN_COLUMNS);
    return rows.map(toStoredRun);
  }

  async listRuns(
    meshRef: string,
    filter: RunFilter,
    page: { limit: number; after?: { startMs: number; name: string } },
  ) {
    const query = this.db(RUNS).where({ mesh_ref: meshRef });
    if (filter.status) query.andWhere('status', filter.status);
    if (filter.agent) query.andWhere('agent', filter.agent);
    if (filter.lane) query.andWhere('lane', filter.lane);
    if (filter.fromMs !== undefined)
      query.andWhere('start_ms', '>=', filter.fromMs);
    if (filter.toMs !== undefined) query.andWhere('start_ms', '<', filter.toMs);
    const after = page.after;
    if (after) {
      query.andWhere(q =>
        q
          .where('start_ms', '<', after.startMs)
          .orWhere(q2 =>
            q2
              .where('start_ms', after.startMs)
              .andWhere('name', '<', after.name),
          ),
      );
    }
    const rows: RunRow[] = await query
      .orderBy([
        { column: 'start_ms', order: 'desc' },
        { column: 'name', order: 'desc' },
      ])
      .limit(page.limit)
      .select(...RUN_COLUMNS);
    return rows.map(toStoredRun);
  }

  async getRun(
    meshRef: string,
    name: string,
  ): Promise<StoredRunDetail | undefined> {
    const row: RunRow | undefined = await this.db(RUNS)
      .where({ mesh_ref: meshRef, name })
      .first();
    if (!row) {
      return undefined;
    }
    const detail: StoredRunDetail = {
      ...toStoredRun(row),
      historyFinal: Boolean(row.history_final),
    };
    if (row.history) detail.history = JSON.parse(row.history);
    if (
      row.history_fetched_at !== null &&
      row.history_fetched_at !== undefined
    ) {
      detail.historyFetchedAt = Number(row.history_fetched_at);
    }
    return detail;
  }

  async putRunHistory(
    meshRef: string,
    name: string,
    history: StoredRunDetail['history'],
    fetchedAt: number,
    final: boolean,
  ) {
    await this.db(RUNS)
      .where({ mesh_ref: meshRef, name })
      .update({
        history: JSON.stringify(history),
        history_fetched_at: fetchedAt,
        history_final: final,
      });
  }

  async countRuns(meshRef: string, sinceMs: number): Promise<RunCountRow[]> {
    const rows: Array<{
      agent: string | null;
      lane: string | null;
      status: string;
      count: number | string;
    }> = await this.db(RUNS)
      .where({ mesh_ref: meshRef })
      .andWhere('start_ms', '>=', sinceMs)
      .groupBy('agent', 'lane', 'status')
      .select('agent', 'lane', 'status')
      .count({ count: '*' });
    return rows.map(row => ({
      agent: row.agent ?? undefined,
      lane: row.lane ?? undefined,
      status: row.status as StoredRun['status'],
      count: Number(row.count),
    }));
  }

  async deleteRunsBefore(meshRef: string, beforeMs: number) {
    return this.db(RUNS)
      .where({ mesh_ref: meshRef })
      .andWhere('start_ms', '<', beforeMs)
      .delete();
  }

  async listStoredMeshes() {
    const rows: Array<{
      mesh_ref: string;
      mesh_id: string;
      refreshed_at: number | string;
    }> = await this.db(SNAPSHOTS).select('mesh_ref', 'mesh_id', 'refreshed_at');
    return rows.map(row => ({
      meshRef: row.mesh_ref,
      meshId: row.mesh_id,
      refreshedAt: Number(row.refreshed_at),
    }));
  }

  async deleteMesh(meshRef: string) {
    await this.db.transaction(async tx => {
      for (const table of [RUNS, COST, SNAPSHOTS]) {
        await tx(table).where({ mesh_ref: meshRef }).delete();
      }
    });
  }

  async getCost(meshRef: string): Promise<StoredCost | undefined> {
    const row = await this.db(COST).where({ mesh_ref: meshRef }).first();
    if (!row) {
      return undefined;
    }
    const cost: StoredCost = { fetchedAt: Number(row.fetched_at) };
    if (row.bundle) cost.bundle = JSON.parse(row.bundle);
    if (row.bundle_fetched_at !== null)
      cost.bundleFetchedAt = Number(row.bundle_fetched_at);
    if (row.error) cost.error = JSON.parse(row.error);
    if (row.requests_day) {
      cost.requests = {
        day: row.requests_day,
        count: Number(row.requests_count),
      };
    }
    return cost;
  }

  async putCost(meshRef: string, cost: StoredCost) {
    await this.db(COST)
      .insert({
        mesh_ref: meshRef,
        fetched_at: cost.fetchedAt,
        bundle: cost.bundle ? JSON.stringify(cost.bundle) : null,
        bundle_fetched_at: cost.bundleFetchedAt ?? null,
        error: cost.error ? JSON.stringify(cost.error) : null,
        requests_day: cost.requests?.day ?? null,
        requests_count: cost.requests?.count ?? 0,
      })
      .onConflict('mesh_ref')
      .merge([
        'fetched_at',
        'bundle',
        'bundle_fetched_at',
        'error',
        'requests_day',
        'requests_count',
      ]);
  }
}

function toStoredRun(row: RunRow): StoredRun {
  const run: StoredRun = {
    name: row.name,
    executionArn: row.execution_arn,
    status: row.status as StoredRun['status'],
    startMs: Number(row.start_ms),
  };
  if (row.agent) run.agent = row.agent;
  if (row.lane) run.lane = row.lane;
  if (row.stop_ms !== null && row.stop_ms !== undefined)
    run.stopMs = Number(row.stop_ms);
  return run;
}
