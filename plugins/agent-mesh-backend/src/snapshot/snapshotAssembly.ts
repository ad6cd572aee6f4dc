import {
  AgentLaneState,
  AgentSnapshot,
  MeshSummary,
  PanelState,
} from '@agent-mesh/plugin-agent-mesh-common';
import { SourceError, toSourceError } from '../aws/sourceError';
import { SnapshotBody, StoredCost } from '../database/SnapshotStore';
import { costSummary } from './costSeries';
import { summarizeRuns } from './runCounts';

/** The metrics chart's resolution. */
export const METRICS_PERIOD_SECONDS = 3600;

/** A source's read: its value, or why it failed. Each source is read on its own, so one failure stays its own. */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: SourceError };

export async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toSourceError(error) };
  }
}

/** The agents' lanes as read, and the agents whose item names no known lane. */
export interface LaneRead {
  lanes: Record<string, AgentLaneState>;
  invalid: string[];
}

/** What one refresh read of a mesh, source by source. */
export interface MeshReads {
  runs: Outcome<unknown>;
  lanes: Outcome<LaneRead>;
  alarms: Outcome<{ items: SnapshotBody['alarms']['items'] }>;
  metrics: Outcome<{
    periodSeconds: number;
    series: SnapshotBody['metrics']['series'];
  }>;
  cost: StoredCost;
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

/** Only the read's status matters to a panel whose data lives elsewhere (runs in the run table, lanes in agents). */
function statusOnly(outcome: Outcome<unknown>): Outcome<{}> {
  return outcome.ok ? { ok: true, value: {} } : outcome;
}

type RunSummary = ReturnType<typeof summarizeRuns>;

/**
 * The mesh's agents: the catalog's first, then any that ran without being in the catalog. An agent's lane
 * is the one just read, or, when the lanes could not be read, the one the previous snapshot showed.
 */
export function agentSnapshots(
  mesh: MeshSummary,
  counts: RunSummary,
  laneOf: (agent: string) => AgentLaneState | undefined,
): AgentSnapshot[] {
  const catalogAgents = new Set(mesh.agents.map(a => a.name));
  const uncatalogued = counts
    .agents()
    .filter(name => !catalogAgents.has(name))
    .map(name => ({ name, entityRef: undefined, title: undefined }));
  return [...mesh.agents, ...uncatalogued].map(agent => {
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
}

/** The cost panel from the cached Cost Explorer answer: the last good bundle is shown even after an error. */
export function costPanel(
  cost: StoredCost,
  now: Date,
  /** The mesh's monthly budget in USD. */
  budget: number | undefined,
): SnapshotBody['cost'] {
  const result: SnapshotBody['cost'] = { status: cost.error ? 'error' : 'ok' };
  if (cost.error) result.error = cost.error;
  if (cost.bundle) {
    result.summary = costSummary(cost.bundle, now, budget);
    result.fetchedAt = new Date(
      cost.bundleFetchedAt ?? cost.fetchedAt,
    ).toISOString();
  }
  return result;
}

/** A mesh's snapshot from this refresh's reads, keeping the previous snapshot's data where a read failed. */
export function assembleSnapshot(input: {
  mesh: MeshSummary;
  reads: MeshReads;
  previous: SnapshotBody | undefined;
  counts: RunSummary;
  windowFromMs: number;
  now: Date;
  budget: number | undefined;
}): SnapshotBody {
  const { mesh, reads, previous, counts, now } = input;
  const nowIso = now.toISOString();
  const { lanes } = reads;
  const laneOf = (agent: string) =>
    lanes.ok
      ? lanes.value.lanes[agent]
      : previous?.agents.find(a => a.name === agent)?.lane;
  const snapshot: SnapshotBody = {
    entityRef: mesh.entityRef,
    meshId: mesh.meshId,
    refreshedAt: nowIso,
    window: { from: new Date(input.windowFromMs).toISOString(), to: nowIso },
    agents: agentSnapshots(mesh, counts, laneOf),
    runs: {
      ...panel(statusOnly(reads.runs), nowIso, undefined, {}),
      // The runs themselves are kept in the run table: a failed sync still shows when they were last read.
      fetchedAt: reads.runs.ok ? nowIso : previous?.runs.fetchedAt,
      totals: counts.totals,
      unattributed: counts.unattributed,
    },
    lanes: panel(statusOnly(lanes), nowIso, previous?.lanes, {}),
    alarms: panel(reads.alarms, nowIso, previous?.alarms, { items: [] }),
    metrics: panel(reads.metrics, nowIso, previous?.metrics, {
      periodSeconds: METRICS_PERIOD_SECONDS,
      series: [],
    }),
    cost: costPanel(reads.cost, now, input.budget),
  };
  if (mesh.tier) snapshot.tier = mesh.tier;
  if (!snapshot.runs.fetchedAt) delete snapshot.runs.fetchedAt;
  return snapshot;
}
