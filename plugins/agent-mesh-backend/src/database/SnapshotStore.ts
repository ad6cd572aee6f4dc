import {
  MeshSnapshot,
  RunEvent,
  RunStatus,
} from '@agent-mesh/plugin-agent-mesh-common';
import { CostBundle } from '../aws/costExplorerService';
import { ExecutionRecord } from '../aws/stepFunctionsService';

/** A run as stored: what ListExecutions or DescribeExecution said last. */
export type StoredRun = ExecutionRecord;

/** A run with its kept event history. `historyFinal` once the history was read after the run ended. */
export interface StoredRunDetail extends StoredRun {
  history?: { events: RunEvent[]; truncated: boolean };
  historyFetchedAt?: number;
  historyFinal: boolean;
}

/** The stored snapshot; its age is computed when answering. */
export type SnapshotBody = Omit<MeshSnapshot, 'ageSeconds'>;

export interface RunFilter {
  status?: RunStatus;
  agent?: string;
  lane?: string;
  fromMs?: number;
  toMs?: number;
}

/** Runs grouped for counting. */
export interface RunCountRow {
  agent?: string;
  lane?: string;
  status: RunStatus;
  count: number;
}

export interface StoredCost {
  /** When Cost Explorer was last asked, successfully or not. */
  fetchedAt: number;
  bundle?: CostBundle;
  bundleFetchedAt?: number;
  error?: { name: string; message: string };
  /** The Cost Explorer requests sent for the mesh on one UTC day (`YYYY-MM-DD`). */
  requests?: { day: string; count: number };
}

/**
 * Where snapshots, runs and cost answers are kept, so every backend replica serves the same data
 * and page views never call AWS.
 */
export interface SnapshotStore {
  getSnapshot(
    meshRef: string,
  ): Promise<{ refreshedAt: number; snapshot: SnapshotBody } | undefined>;
  getSnapshots(
    meshRefs: string[],
  ): Promise<Map<string, { refreshedAt: number; snapshot: SnapshotBody }>>;
  putSnapshot(
    meshRef: string,
    snapshot: SnapshotBody,
    refreshedAt: number,
  ): Promise<void>;

  /** Inserts new runs and updates the status of known ones; never touches their kept history. */
  upsertRuns(meshRef: string, runs: StoredRun[]): Promise<void>;
  /** Which of `names` are stored. */
  knownRunNames(meshRef: string, names: string[]): Promise<Set<string>>;
  /** Stored runs whose last known status is RUNNING. */
  openRuns(meshRef: string): Promise<StoredRun[]>;
  /** Newest first (start time, then name), keyset-paged. */
  listRuns(
    meshRef: string,
    filter: RunFilter,
    page: { limit: number; after?: { startMs: number; name: string } },
  ): Promise<StoredRun[]>;
  getRun(meshRef: string, name: string): Promise<StoredRunDetail | undefined>;
  putRunHistory(
    meshRef: string,
    name: string,
    history: { events: RunEvent[]; truncated: boolean },
    fetchedAt: number,
    final: boolean,
  ): Promise<void>;
  countRuns(meshRef: string, sinceMs: number): Promise<RunCountRow[]>;
  deleteRunsBefore(meshRef: string, beforeMs: number): Promise<number>;

  getCost(meshRef: string): Promise<StoredCost | undefined>;
  putCost(meshRef: string, cost: StoredCost): Promise<void>;

  /** Every mesh with a stored snapshot: its ref, the mesh id it was read for and when. */
  listStoredMeshes(): Promise<
    Array<{ meshRef: string; meshId: string; refreshedAt: number }>
  >;
  /** Deletes all that is kept for the mesh (snapshot, runs with their history, cost), in one transaction. */
  deleteMesh(meshRef: string): Promise<void>;
}
