import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { durationToMilliseconds } from '@backstage/types';
import {
  meshResourceNames,
  MeshSummary,
} from '@agent-mesh/plugin-agent-mesh-common';
import pLimit from 'p-limit';
import { AgentMeshConfig } from '../config/agentMeshConfig';
import { meshBudget } from '../config/meshBudget';
import { MeshCatalog } from '../catalog/meshCatalog';
import { meshAnnotationProblem } from '../catalog/meshAnnotations';
import { MeshOwnership } from '../catalog/meshOwnership';
import { SourceError } from '../aws/sourceError';
import { CloudWatchService } from '../aws/cloudWatchService';
import { CostExplorerService } from '../aws/costExplorerService';
import { LaneService } from '../aws/laneService';
import { MeshTarget, orchestrationStateMachineArn } from '../aws/meshTarget';
import { StepFunctionsService } from '../aws/stepFunctionsService';
import { RefreshMetrics } from '../metrics/refreshMetrics';
import { SnapshotBody, SnapshotStore } from '../database/SnapshotStore';
import { cachedCost } from './costCache';
import { inShard, RefreshShard } from './refreshShards';
import { forgetRemovedMeshes } from './removedMeshes';
import { summarizeRuns } from './runCounts';
import { syncRuns } from './runsSync';
import {
  assembleSnapshot,
  LaneRead,
  MeshReads,
  METRICS_PERIOD_SECONDS,
  settle,
} from './snapshotAssembly';

/** Meshes refreshed at the same time. */
const MESH_CONCURRENCY = 4;
/** The metrics chart shows the last day. */
const METRICS_WINDOW_MS = 24 * 3600 * 1000;

export interface SnapshotRefresherOptions {
  store: SnapshotStore;
  meshCatalog: MeshCatalog;
  auth: AuthService;
  logger: LoggerService;
  config: AgentMeshConfig;
  stepFunctions: StepFunctionsService;
  cloudWatch: CloudWatchService;
  costExplorer: CostExplorerService;
  lanes: LaneService;
  /** Whether an entity may speak for the mesh it names; checked before each mesh is read. */
  ownership: MeshOwnership;
  /** The plugin's metrics service: refresh duration, errors by source, snapshot age (`src/metrics/`). */
  metrics: MetricsService;
  /**
   * Called after a mesh's snapshot is stored, with what the refresh read; a failure is logged and leaves the
   * snapshot as stored. The approvals part uses it to find runs waiting at the gate unseen.
   */
  afterMeshRefresh?: (mesh: MeshSummary, target: MeshTarget) => Promise<void>;
  now?: () => Date;
}

/** Where a mesh lives; only called for meshes whose annotations name both. */
function meshTarget(mesh: MeshSummary): MeshTarget {
  return {
    meshId: mesh.meshId,
    accountId: mesh.awsAccount!,
    region: mesh.region!,
  };
}

/**
 * Reads every mesh of the catalog from AWS and stores its snapshot. Run by the scheduler (scope global,
 * so once per interval across replicas); page views only read what it stored.
 */
export class SnapshotRefresher {
  private readonly now: () => Date;
  /** Shared by the shards this replica runs, so it reads at most this many meshes at once whatever their number. */
  private readonly meshesAtOnce = pLimit(MESH_CONCURRENCY);
  private readonly metrics: RefreshMetrics;

  constructor(private readonly options: SnapshotRefresherOptions) {
    this.now = options.now ?? (() => new Date());
    this.metrics = RefreshMetrics.create(options.metrics, {
      store: options.store,
      now: this.now,
    });
  }

  /**
   * Refreshes the meshes a few at a time, so AWS calls stay bounded; one mesh's failure is logged, not fatal.
   * Once `signal` aborts (the scheduler's timeout), no mesh starts and none under way stores its snapshot, so
   * the next run, on this replica or another, never overlaps this one's work.
   */
  async refreshAll(
    signal?: AbortSignal,
    shard: RefreshShard = { index: 0, count: 1 },
  ): Promise<void> {
    const finished = this.metrics.refreshStarted(shard);
    try {
      await this.refreshShard(signal, shard);
    } catch (error) {
      finished(signal?.aborted ? 'aborted' : 'failed');
      throw error;
    }
    const seconds = finished(signal?.aborted ? 'aborted' : 'ok');
    this.options.logger.debug(
      `Refresh of shard ${shard.index + 1}/${
        shard.count
      } took ${seconds.toFixed(2)} s`,
    );
  }

  private async refreshShard(
    signal: AbortSignal | undefined,
    shard: RefreshShard,
  ): Promise<void> {
    const { meshCatalog, auth, logger } = this.options;
    const meshes = await this.countingErrors('catalog', async () =>
      meshCatalog.listMeshes(await auth.getOwnServiceCredentials()),
    );
    this.metrics.catalogListed(meshes);
    if (shard.index === 0) {
      // It needs the whole catalog, so one shard does it.
      await this.countingErrors('database', () =>
        forgetRemovedMeshes(this.options.store, meshes, {
          nowMs: this.now().getTime(),
          retentionMs: durationToMilliseconds(
            this.options.config.runs.retention,
          ),
          logger,
        }),
      );
    }
    const ready = meshes.filter(
      mesh => inShard(mesh.entityRef, shard) && this.isLocated(mesh),
    );
    await Promise.all(
      ready.map(mesh =>
        this.meshesAtOnce(() =>
          this.refreshMesh(mesh, signal).catch(error => {
            if (!signal?.aborted) {
              // Every source is read on its own (see readSources); what fails a mesh is its store.
              this.metrics.error('database', error);
              logger.error(
                `Refresh of mesh ${mesh.entityRef} failed`,
                error as Error,
              );
            }
          }),
        ),
      ),
    );
    if (signal?.aborted) {
      logger.warn(
        'Refresh of the meshes abandoned: it ran past agentMesh.refresh.timeout; the meshes not stored yet wait for the next run',
      );
      return;
    }
    logger.debug(
      `Refreshed ${ready.length} meshes of shard ${shard.index + 1}/${
        shard.count
      }`,
    );
  }

  /** Runs `work`, counting its failure as an error of `source`. */
  private async countingErrors<T>(
    source: 'catalog' | 'database',
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.metrics.error(source, error);
      throw error;
    }
  }

  /** A mesh is read only when its annotations say which account and region it lives in, and name a valid mesh id. */
  private isLocated(mesh: MeshSummary): boolean {
    const problem = meshAnnotationProblem(mesh);
    if (!problem) return true;
    this.options.logger.warn(
      `Mesh ${mesh.entityRef} is not refreshed: ${problem}`,
    );
    return false;
  }

  /** Reads one mesh's sources, each on its own, and stores the snapshot. */
  async refreshMesh(
    mesh: MeshSummary,
    signal?: AbortSignal,
  ): Promise<SnapshotBody> {
    const { store, config } = this.options;
    signal?.throwIfAborted();
    const now = this.now();
    const target = meshTarget(mesh);
    const previous = (await store.getSnapshot(mesh.entityRef))?.snapshot;
    const trusted = await settle(() =>
      this.options.ownership.verify(target, mesh.entityRef),
    );
    // An entity the mesh's tags do not name gets nothing read from AWS: every panel says why.
    const reads = trusted.ok
      ? await this.readSources(mesh, target, now, signal)
      : refusedReads(trusted.error, now);
    this.metrics.readErrors(reads, now);
    signal?.throwIfAborted();
    this.warnOfInvalidLanes(mesh, reads);
    // Counted after the sync, so the snapshot includes the runs this refresh just read.
    const windowFromMs =
      now.getTime() - durationToMilliseconds(config.runs.statsWindow);
    const counts = summarizeRuns(
      await store.countRuns(mesh.entityRef, windowFromMs),
    );
    const snapshot = assembleSnapshot({
      mesh,
      reads,
      previous,
      counts,
      windowFromMs,
      now,
      // The mesh's own budget first (chosen in the template); the per-tier config value is only the fallback.
      budget: meshBudget(mesh, config),
    });
    await store.putSnapshot(mesh.entityRef, snapshot, now.getTime());
    if (trusted.ok) await this.afterRefresh(mesh, target);
    return snapshot;
  }

  /** Reads runs, lanes, alarms, metrics and cost at once; a failing source fails only its own read. */
  private async readSources(
    mesh: MeshSummary,
    target: MeshTarget,
    now: Date,
    signal?: AbortSignal,
  ): Promise<MeshReads> {
    const [runs, lanes, alarms, metrics, cost] = await Promise.all([
      settle(() => this.syncRuns(mesh, target, now, signal)),
      settle(() => this.readLanes(mesh, target)),
      settle(async () => ({
        items: await this.options.cloudWatch.describeAlarms(
          target,
          meshResourceNames(mesh.meshId).alarmPrefix,
        ),
      })),
      settle(() => this.readMetrics(target, now)),
      this.readCost(mesh, target, now),
    ]);
    return { runs, lanes, alarms, metrics, cost };
  }

  private syncRuns(
    mesh: MeshSummary,
    target: MeshTarget,
    now: Date,
    signal?: AbortSignal,
  ) {
    const { store, config } = this.options;
    return syncRuns({
      store,
      stepFunctions: this.options.stepFunctions,
      meshRef: mesh.entityRef,
      target,
      stateMachineArn: orchestrationStateMachineArn(target),
      nowMs: now.getTime(),
      backfillMs: durationToMilliseconds(config.runs.backfill),
      retentionMs: durationToMilliseconds(config.runs.retention),
      signal,
    });
  }

  /** A mesh without agents has no lane items to read: it asks DynamoDB nothing. */
  private async readLanes(
    mesh: MeshSummary,
    target: MeshTarget,
  ): Promise<LaneRead> {
    const agentNames = mesh.agents.map(a => a.name);
    if (agentNames.length === 0) return { lanes: {}, invalid: [] };
    return this.options.lanes.readLanes(
      target,
      meshResourceNames(mesh.meshId).kvTable,
      agentNames,
    );
  }

  private async readMetrics(target: MeshTarget, now: Date) {
    const nowMs = now.getTime();
    return {
      periodSeconds: METRICS_PERIOD_SECONDS,
      series: await this.options.cloudWatch.getRunMetrics(target, {
        stateMachineArn: orchestrationStateMachineArn(target),
        fromMs: nowMs - METRICS_WINDOW_MS,
        toMs: nowMs,
        periodSeconds: METRICS_PERIOD_SECONDS,
      }),
    };
  }

  /** Cost Explorer charges per request: its answer comes from the store until the TTL has passed, within a daily bound. */
  private readCost(mesh: MeshSummary, target: MeshTarget, now: Date) {
    return cachedCost({
      store: this.options.store,
      costExplorer: this.options.costExplorer,
      meshRef: mesh.entityRef,
      target,
      now,
      ttlMs: durationToMilliseconds(this.options.config.cost.cacheTtl),
      maxRequestsPerDay: this.options.config.cost.maxRequestsPerDay,
    });
  }

  private warnOfInvalidLanes(mesh: MeshSummary, reads: MeshReads): void {
    const { lanes } = reads;
    if (lanes.ok && lanes.value.invalid.length > 0) {
      this.options.logger.warn(
        `Mesh ${mesh.entityRef}: lane items of ${lanes.value.invalid.join(
          ', ',
        )} name no known lane`,
      );
    }
  }

  private async afterRefresh(mesh: MeshSummary, target: MeshTarget) {
    await this.options.afterMeshRefresh?.(mesh, target).catch(error => {
      this.metrics.error('after_refresh', error);
      this.options.logger.warn(
        `After the refresh of mesh ${mesh.entityRef}: ${
          (error as Error).message
        }`,
      );
    });
  }
}

/** The reads of a mesh whose entity was refused: each source failed with the refusal, Cost Explorer not asked. */
function refusedReads(error: SourceError, now: Date): MeshReads {
  const refused = { ok: false as const, error };
  return {
    runs: refused,
    lanes: refused,
    alarms: refused,
    metrics: refused,
    cost: { fetchedAt: now.getTime(), error },
  };
}
