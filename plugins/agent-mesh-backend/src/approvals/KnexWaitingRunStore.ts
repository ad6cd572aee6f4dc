import { Knex } from 'knex';
import {
  MeshKey,
  meshKeyString,
  StoredWaitingRun,
  WaitingRunOutcome,
  WaitingRunStore,
} from './WaitingRunStore';

const TABLE = 'agent_mesh_waiting_runs';

interface Row {
  account_id: string;
  mesh_id: string;
  execution_name: string;
  execution_arn: string;
  agent: string;
  lane: string | null;
  verdict: string | null;
  task_token: string;
  requested_at: number | string;
  expires_at: number | string;
  status: StoredWaitingRun['status'];
  decided_by: string | null;
  decided_at: number | string | null;
}

function meshWhere(mesh: MeshKey) {
  return { account_id: mesh.accountId, mesh_id: mesh.meshId };
}

function fromRow(row: Row): StoredWaitingRun {
  return {
    mesh: { accountId: row.account_id, meshId: row.mesh_id },
    executionName: row.execution_name,
    executionArn: row.execution_arn,
    agent: row.agent,
    lane: row.lane ?? undefined,
    verdict: row.verdict ?? undefined,
    taskToken: row.task_token,
    requestedAt: Number(row.requested_at),
    expiresAt: Number(row.expires_at),
    status: row.status,
    decidedBy: row.decided_by ?? undefined,
    decidedAt: row.decided_at === null ? undefined : Number(row.decided_at),
  };
}

/** The Knex implementation of {@link WaitingRunStore}, for SQLite and PostgreSQL. Migrations run with the snapshot store's. */
export class KnexWaitingRunStore implements WaitingRunStore {
  constructor(private readonly db: Knex) {}

  async add(run: StoredWaitingRun): Promise<boolean> {
    const inserted = await this.db(TABLE)
      .insert({
        ...meshWhere(run.mesh),
        execution_name: run.executionName,
        execution_arn: run.executionArn,
        agent: run.agent,
        task_token: run.taskToken,
        requested_at: run.requestedAt,
        expires_at: run.expiresAt,
        status: run.status,
        // Optional fields are stored as NULL.
        lane: run.lane ?? null,
        verdict: run.verdict ?? null,
      })
      .onConflict(['account_id', 'mesh_id', 'execution_name'])
      .ignore()
      .returning('execution_name');
    return inserted.length > 0;
  }

  async listWaiting(mesh: MeshKey, now: number): Promise<StoredWaitingRun[]> {
    await this.db(TABLE)
      .where({ ...meshWhere(mesh), status: 'waiting' })
      .andWhere('expires_at', '<=', now)
      .update({ status: 'expired' });
    const rows: Row[] = await this.db(TABLE)
      .where({ ...meshWhere(mesh), status: 'waiting' })
      .orderBy([
        { column: 'requested_at', order: 'asc' },
        { column: 'execution_name', order: 'asc' },
      ]);
    return rows.map(fromRow);
  }

  async countWaiting(meshes: MeshKey[], now: number) {
    const counts = new Map<string, number>();
    const ids = [...new Set(meshes.map(m => m.meshId))];
    for (let i = 0; i < ids.length; i += 100) {
      const rows: Array<{
        account_id: string;
        mesh_id: string;
        n: number | string;
      }> = await this.db(TABLE)
        .select('account_id', 'mesh_id')
        .count({ n: '*' })
        .whereIn('mesh_id', ids.slice(i, i + 100))
        .andWhere({ status: 'waiting' })
        .andWhere('expires_at', '>', now)
        .groupBy('account_id', 'mesh_id');
      for (const row of rows) {
        counts.set(
          meshKeyString({ accountId: row.account_id, meshId: row.mesh_id }),
          Number(row.n),
        );
      }
    }
    return counts;
  }

  async get(mesh: MeshKey, executionName: string) {
    const row: Row | undefined = await this.db(TABLE)
      .where({ ...meshWhere(mesh), execution_name: executionName })
      .first();
    return row ? fromRow(row) : undefined;
  }

  async claim(mesh: MeshKey, executionName: string, now: number) {
    const updated = await this.db(TABLE)
      .where({
        ...meshWhere(mesh),
        execution_name: executionName,
        status: 'waiting',
      })
      .andWhere('expires_at', '>', now)
      .update({ status: 'deciding' });
    return updated === 1;
  }

  async finish(
    mesh: MeshKey,
    executionName: string,
    outcome: WaitingRunOutcome,
  ) {
    await this.db(TABLE)
      .where({
        ...meshWhere(mesh),
        execution_name: executionName,
        status: 'deciding',
      })
      .update({
        status: outcome.status,
        decided_by: outcome.decidedBy ?? null,
        decided_at: outcome.decidedAt ?? null,
      });
  }
}
