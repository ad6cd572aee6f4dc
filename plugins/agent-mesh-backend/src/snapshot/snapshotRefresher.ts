import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import {
  AgentLaneState,
  AgentSnapshot,
  meshResourceNames,
  MeshSummary,
  PanelState,
} from '@agent-mesh/plugin-agent-mesh-common';
import { AgentMeshConfig } from '../config/agentMeshConfig';
import { meshBudget } from '../config/meshBudget';
import { MeshCatalog } from '../catalog/meshCatalog';
import { AwsCallRecorder, callsBetween } from '../aws/awsCallRecorder';
import { CloudWatchService } from '../aws/cloudWatchService';
import { CostExplorerService } from '../aws/costExplorerService';
import { LaneService } from '../aws/laneService';
import { MeshTarget, orchestrationStateMachineArn } from '../aws/meshTarget';
import { toPanelError } from '../aws/panelError';
import { StepFunctionsService } from '../aws/stepFunctionsService';
import { SnapshotBody, SnapshotStore } from '../database/SnapshotStore';
import { cachedCost } from './costCache';
import { costSummary } from './costSeries';
import { summarizeRuns } from './runCounts';
import { syncRuns } from './runsSync';

/** The metrics chart's resolution. */
export const METRICS_PERIOD_SECONDS = 3600;
/** Meshes refreshed at the same time. */
const MESH_CONCURRENCY = 4;

type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { name: string; message: string } };

async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toPanelError(error) };
  }
}

/** A panel after a read: fresh on success; on failure the previous data, marked with the error. */
function panel<T extends object>(
  outcome: Outcome<T>,
  nowIso: string,
  previous: (PanelState & T) | undefined,
  empty: T,
): PanelState & T {
  if (outcome.ok) {
    return { status: 'ok', fetchedAt: nowIso, ...outcome.value };
  }
  const kept: PanelState & T = previous
    ? { ...previous }
    : { status: 'error', ...empty };
  kept.status = 'error';
  kept.error = outcome.error;
  return kept;
}

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
  recorder: AwsCallRecorder;
  /**
   * Called after a mesh's snapshot is stored, with what the refresh read; a failure is logged and leaves the
   * snapshot as stored. The approvals part uses it to find runs waiting at the gate unseen.
   */
  afterMeshRefresh?: (mesh: MeshSummary, target: MeshTarget) => Promise<void>;
  now?: () => Date;
}

/**
 * Reads every mesh of the catalog from AWS and stores its snapshot. Run by the scheduler (scope global,
 * so once per interval across replicas); page views only read what it stored.
 */
export class SnapshotRefresher {
  private readonly now: () => Date;

  constructor(private readonly options: SnapshotRefresherOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async refreshAll(): Promise<void> {
    const { meshCatalog, auth, logger, recorder } = this.options;
    const before = recorder.counts();
    const meshes = await meshCatalog.listMeshes(
      await auth.getOwnServiceCredentials(),
    );
    const ready = meshes.filter(mesh => {
      if (!mesh.awsAccount || !mesh.region) {
        logger.warn(
          `Mesh ${mesh.entityRef} is not refreshed: it lacks the agent-mesh.io/aws-account or agent-mesh.io/region annotation`,
        );
        return false;
      }
      return true;
    });
    const queue = [...ready];
    await Promise.all(
      Array.from(
        { length: Math.min(MESH_CONCURRENCY, queue.length) },
        async () => {
          for (let mesh = queue.shift(); mesh; mesh = queue.shift()) {
            try {
              await this.refreshMesh(mesh);
            } catch (error) {
              logger.error(
                `Refresh of mesh ${mesh.entityRef} failed`,
                error as Error,
              );
            }
          }
        },
      ),
    );
    logger.debug(
      `Refreshed ${ready.length} meshes; AWS calls: ${JSON.stringify(
        callsBetween(before, recorder.counts()),
      )}`,
    );
  }

  /** Reads one mesh's sources, each on its own, and stores the snapshot. */
  async refreshMesh(mesh: MeshSummary): Promise<SnapshotBody> {
    const { store, config } = this.options;
    const now = this.now();
    const nowMs = now.getTime();
    const nowIso = now.toISOString();
    const target: MeshTarget = {
      meshId: mesh.meshId,
      accountId: mesh.awsAccount!,
      region: mesh.region!,
    };
    const names = meshResourceNames(mesh.meshId);
    const stateMachineArn = orchestrationStateMachineArn(target);
    const previous = (await store.getSnapshot(mesh.entityRef))?.snapshot;
    const agentNames = mesh.agents.map(a => a.name);

    const [runs, lanes, alarms, metrics, cost] = await Promise.all([
      settle(() =>
        syncRuns({
          store,
          stepFunctions: this.options.stepFunctions,
          meshRef: mesh.entityRef,
          target,
          stateMachineArn,
          nowMs,
          backfillMs: durationToMilliseconds(config.runs.backfill),
          retentionMs: durationToMilliseconds(config.runs.retention),
        }),
      ),
      settle(async () =>
        agentNames.length === 0
          ? {
              lanes: {} as Record<string, AgentLaneState>,
              invalid: [] as string[],
            }
          : this.options.lanes.readLanes(target, names.kvTable, agentNames),
      ),
      settle(async () => ({
        items: await this.options.cloudWatch.describeAlarms(
          target,
          names.alarmPrefix,
        ),
      })),
      settle(async () => ({
        periodSeconds: METRICS_PERIOD_SECONDS,
        series: await this.options.cloudWatch.getRunMetrics(target, {
          stateMachineArn,
          fromMs: nowMs - 24 * 3600 * 1000,
          toMs: nowMs,
          periodSeconds: METRICS_PERIOD_SECONDS,
        }),
      })),
      cachedCost({
        store,
        costExplorer: this.options.costExplorer,
        meshRef: mesh.entityRef,
        target,
        now,
        ttlMs: durationToMilliseconds(config.cost.cacheTtl),
      }),
    ]);
    if (lanes.ok && lanes.value.invalid.length > 0) {
      this.options.logger.warn(
        `Mesh ${mesh.entityRef}: lane items of ${lanes.value.invalid.join(
          ', ',
        )} name no known lane`,
      );
    }

    const windowFrom = nowMs - durationToMilliseconds(config.runs.statsWindow);
    const counts = summarizeRuns(
      await store.countRuns(mesh.entityRef, windowFrom),
    );
    const laneOf = (agent: string) =>
      lanes.ok
        ? lanes.value.lanes[agent]
        : previous?.agents.find(a => a.name === agent)?.lane;
    const catalogAgents = new Set(agentNames);
    const agents: AgentSnapshot[] = [
      ...mesh.agents,
      ...counts
        .agents()
        .filter(name => !catalogAgents.has(name))
        .map(name => ({ name, entityRef: undefined, title: undefined })),
    ].map(agent => {
      const snapshot: AgentSnapshot = {
        name: agent.name,
        runs: counts.agent(agent.name),
        runsByLane: counts.agentLanes(agent.name),
      };
      if (agent.entityRef) snapshot.entityRef = agent.entityRef;
      if (agent.title) snapshot.title = agent.title;
      const lane = laneOf(agent.name);
      if (lane) snapshot.lane = lane;
      return snapshot;
    });

    // The mesh's own budget first (chosen in the template); the per-tier config value is only the fallback.
    const budget = meshBudget(mesh, config);
    const costPanel: SnapshotBody['cost'] = {
      status: cost.error ? 'error' : 'ok',
    };
    if (cost.error) costPanel.error = cost.error;
    if (cost.bundle) {
      costPanel.summary = costSummary(cost.bundle, now, budget);
      costPanel.fetchedAt = new Date(
        cost.bundleFetchedAt ?? cost.fetchedAt,
      ).toISOString();
    }

    const runsPanel = panel(
      runs.ok ? { ok: true, value: {} } : runs,
      nowIso,
      undefined,
      {},
    );
    const snapshot: SnapshotBody = {
      entityRef: mesh.entityRef,
      meshId: mesh.meshId,
      refreshedAt: nowIso,
      window: { from: new Date(windowFrom).toISOString(), to: nowIso },
      agents,
      runs: {
        ...runsPanel,
        fetchedAt: runs.ok ? nowIso : previous?.runs.fetchedAt,
        totals: counts.totals,
        unattributed: counts.unattributed,
      },
      lanes: panel(
        lanes.ok ? { ok: true, value: {} } : lanes,
        nowIso,
        previous?.lanes,
        {},
      ),
      alarms: panel(alarms, nowIso, previous?.alarms, { items: [] }),
      metrics: panel(metrics, nowIso, previous?.metrics, {
        periodSeconds: METRICS_PERIOD_SECONDS,
        series: [],
      }),
      cost: costPanel,
    };
    if (mesh.tier) snapshot.tier = mesh.tier;
    if (!snapshot.runs.fetchedAt) delete snapshot.runs.fetchedAt;
    await store.putSnapshot(mesh.entityRef, snapshot, nowMs);
    await this.options
      .afterMeshRefresh?.(mesh, target)
      .catch(error =>
        this.options.logger.warn(
          `After the refresh of mesh ${mesh.entityRef}: ${
            (error as Error).message
          }`,
        ),
      );
    return snapshot;
  }
}
