import type {
  MetricsService,
  MetricsServiceCounter,
  MetricsServiceHistogram,
} from '@backstage/backend-plugin-api/alpha';
import { MeshSummary } from '@agent-mesh/plugin-agent-mesh-common';
import { meshAnnotationProblem } from '../catalog/meshAnnotations';
import { SnapshotStore } from '../database/SnapshotStore';
import type { RefreshShard } from '../snapshot/refreshShards';
import type { MeshReads } from '../snapshot/snapshotAssembly';
import { errorType } from './awsCallMetrics';

export const REFRESH_DURATION_METRIC = 'agent_mesh.refresh.duration';
export const REFRESH_ERRORS_METRIC = 'agent_mesh.refresh.errors.count';
export const SNAPSHOT_AGE_METRIC = 'agent_mesh.snapshot.age.max';

/** How a refresh run of a shard ended. */
export type RefreshResult = 'ok' | 'aborted' | 'failed';

/**
 * Where a refresh error came from: a panel's source (`runs` from Step Functions, `lanes` from DynamoDB,
 * `alarms` and `metrics` from CloudWatch, `cost` from Cost Explorer), the catalog listing, the plugin
 * database (a mesh's snapshot, runs or cost not read or stored; the clean-up of removed meshes), or the
 * step after a mesh's refresh (the approvals' scan for runs waiting at the gate).
 */
export type RefreshErrorSource =
  | keyof MeshReads
  | 'catalog'
  | 'database'
  | 'after_refresh';

/** Refresh durations span from milliseconds (a few meshes, steady) to minutes (hundreds, backfilling). */
const DURATION_BUCKETS_SECONDS = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
];

const PANEL_SOURCES = ['runs', 'lanes', 'alarms', 'metrics'] as const;

/**
 * The refresh's OpenTelemetry instruments: its duration per shard run, its errors by source, and the age of
 * the oldest snapshot among the catalog's meshes.
 */
export class RefreshMetrics {
  private readonly duration: MetricsServiceHistogram<{
    result: RefreshResult;
    shard: string;
  }>;
  private readonly errors: MetricsServiceCounter<{
    source: RefreshErrorSource;
    'error.type': string;
  }>;
  /** The refs of the catalog's refreshable meshes, as the last refresh on this replica listed them. */
  private catalogMeshRefs: Set<string> | undefined;

  static create(
    metrics: MetricsService,
    options: {
      store: Pick<SnapshotStore, 'listStoredMeshes'>;
      now: () => Date;
    },
  ): RefreshMetrics {
    return new RefreshMetrics(metrics, options.store, options.now);
  }

  private constructor(
    metrics: MetricsService,
    private readonly store: Pick<SnapshotStore, 'listStoredMeshes'>,
    private readonly now: () => Date,
  ) {
    this.duration = metrics.createHistogram(REFRESH_DURATION_METRIC, {
      description:
        'Time a scheduled refresh of one shard of meshes took, from the catalog listing to the last snapshot stored',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS },
    });
    this.errors = metrics.createCounter(REFRESH_ERRORS_METRIC, {
      description:
        'Errors of the refresh by source: a panel whose source failed, the catalog, the plugin database',
      unit: '{error}',
    });
    // One series, not one per mesh: an alert needs the oldest, a mesh's own age is in the API, and a series
    // per mesh would grow with the catalog on every replica.
    metrics
      .createObservableGauge(SNAPSHOT_AGE_METRIC, {
        description:
          'Age of the oldest stored snapshot among the meshes of the catalog (meshes without a snapshot yet are not counted)',
        unit: 's',
      })
      .addCallback(async result => {
        const oldest = await this.oldestSnapshotMs();
        if (oldest !== undefined) {
          result.observe(Math.max(0, (this.now().getTime() - oldest) / 1000));
        }
      });
  }

  /** Starts timing a refresh run of `shard`; the function returned records its duration with how it ended. */
  refreshStarted(shard: RefreshShard): (result: RefreshResult) => number {
    const startedAt = performance.now();
    return result => {
      const seconds = (performance.now() - startedAt) / 1000;
      this.duration.record(seconds, {
        result,
        shard: `${shard.index + 1}of${shard.count}`,
      });
      return seconds;
    };
  }

  /**
   * The catalog's meshes as a refresh just listed them (all of them, whatever the shard): the snapshot age is
   * that of these meshes, so a removed mesh, whose snapshot is kept until the retention time, never counts.
   */
  catalogListed(meshes: MeshSummary[]): void {
    this.catalogMeshRefs = new Set(
      meshes.filter(m => !meshAnnotationProblem(m)).map(m => m.entityRef),
    );
  }

  error(source: RefreshErrorSource, error: unknown): void {
    this.errors.add(1, { source, 'error.type': errorType(error) });
  }

  /**
   * Counts each failed panel source of a mesh's reads once. Cost is counted only when this refresh asked Cost
   * Explorer (the stored answer's `fetchedAt` is now), not for each refresh that serves a stored failure.
   */
  readErrors(reads: MeshReads, now: Date): void {
    for (const source of PANEL_SOURCES) {
      const read = reads[source];
      if (!read.ok) {
        this.errors.add(1, { source, 'error.type': read.error.name });
      }
    }
    const { cost } = reads;
    if (cost.error && cost.fetchedAt === now.getTime()) {
      this.errors.add(1, { source: 'cost', 'error.type': cost.error.name });
    }
  }

  private async oldestSnapshotMs(): Promise<number | undefined> {
    const inCatalog = this.catalogMeshRefs;
    // Before this replica has listed the catalog it cannot tell a removed mesh from a live one.
    if (!inCatalog) return undefined;
    let oldest: number | undefined;
    for (const stored of await this.store.listStoredMeshes()) {
      if (inCatalog.has(stored.meshRef)) {
        oldest = Math.min(oldest ?? Infinity, stored.refreshedAt);
      }
    }
    return oldest;
  }
}
