import { Lane } from './lanes';
import { Tier } from './tiers';

/**
 * How one part of a snapshot (runs, lanes, alarms, metrics, cost) was last read from its AWS source.
 * A failing source degrades only its own part: `status: 'error'` with the reason, the rest stays `ok`.
 * `pending` means the source has not been read yet (no refresh has run since the mesh appeared).
 *
 * @public
 */
export interface PanelState {
  status: 'ok' | 'error' | 'pending';
  /** Why the last read failed: the AWS error name (e.g. `ThrottlingException`) and its message. */
  error?: { name: string; message: string };
  /** When the data shown was read from AWS (ISO 8601). */
  fetchedAt?: string;
}

/**
 * Step Functions execution statuses.
 *
 * @public
 */
export const RUN_STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
] as const;

/** @public */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** @public */
export function isRunStatus(value: unknown): value is RunStatus {
  return (
    typeof value === 'string' &&
    (RUN_STATUSES as readonly string[]).includes(value)
  );
}

/**
 * Run counts over the snapshot's window. `failureRate` is (failed + timedOut) / finished runs, 0 when none finished.
 *
 * @public
 */
export interface RunCounts {
  total: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  failureRate: number;
}

/**
 * An agent's lane as its KV item says; `source: 'default'` when the agent has no item (it runs `read_only`).
 *
 * @public
 */
export interface AgentLaneState {
  lane: Lane;
  source: 'kv' | 'default';
  version?: number;
  updatedAt?: string;
  updatedBy?: string;
}

/** @public */
export interface AgentSnapshot {
  name: string;
  entityRef?: string;
  title?: string;
  /** Absent when the lanes panel could not be read. */
  lane?: AgentLaneState;
  runs: RunCounts;
  /** Run counts per lane the agent ran in during the window. */
  runsByLane: Partial<Record<Lane, RunCounts>>;
}

/** @public */
export interface AlarmSummary {
  name: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  description?: string;
  reason?: string;
  updatedAt?: string;
  /** The agent an `agent-<name>-task-failures` alarm watches. */
  agent?: string;
}

/** @public */
export interface MetricSeries {
  id: string;
  label: string;
  timestamps: string[];
  values: number[];
}

/** @public */
export interface CostSummary {
  currency: string;
  monthToDate: number;
  /** Cost Explorer's forecast for the whole current month, when it has one. */
  forecastMonth?: number;
  budget?: number;
  /** monthToDate / budget * 100, rounded to one decimal. */
  percentOfBudget?: number;
}

/**
 * The answer of `GET /meshes/{namespace}/{name}/snapshot`: what the last scheduled refresh read.
 *
 * @public
 */
export interface MeshSnapshot {
  entityRef: string;
  meshId: string;
  tier?: Tier;
  /** When the last refresh finished; absent before the first one. */
  refreshedAt?: string;
  /** Seconds since `refreshedAt`, computed when answering. */
  ageSeconds?: number;
  /** The window run counts cover. */
  window: { from: string; to: string };
  agents: AgentSnapshot[];
  runs: PanelState & { totals: RunCounts; unattributed: number };
  lanes: PanelState;
  alarms: PanelState & { items: AlarmSummary[] };
  metrics: PanelState & { periodSeconds: number; series: MetricSeries[] };
  cost: PanelState & { summary?: CostSummary };
}

/**
 * A mesh's health in the mesh list, from its stored snapshot.
 *
 * @public
 */
export interface MeshHealth {
  /** `degraded` when a source failed or an alarm is in ALARM; `pending` before the first refresh. */
  status: 'ok' | 'degraded' | 'pending';
  refreshedAt?: string;
  ageSeconds?: number;
  alarmsInAlarm: number;
  runs?: RunCounts;
  /** The snapshot parts whose source failed at the last refresh. */
  failingPanels: string[];
}

/** @public */
export interface RunSummary {
  name: string;
  executionArn: string;
  agent?: string;
  lane?: Lane;
  status: RunStatus;
  startDate: string;
  stopDate?: string;
}

/** @public */
export interface ListRunsResponse {
  items: RunSummary[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * One event of a run's history. Payloads (input, output, task parameters, which can hold task tokens)
 * are left out on purpose.
 *
 * @public
 */
export interface RunEvent {
  id: number;
  previousEventId?: number;
  timestamp: string;
  type: string;
  stateName?: string;
  error?: string;
  cause?: string;
}

/** @public */
export interface RunDetailResponse {
  run: RunSummary;
  history: PanelState & { events: RunEvent[]; truncated: boolean };
}

/** @public */
export type CostGranularity = 'DAILY' | 'MONTHLY';
/** @public */
export type CostGroupBy = 'SERVICE' | 'AGENT' | 'LANE';

/** @public */
export interface CostPoint {
  /** Inclusive start date, `YYYY-MM-DD`. */
  start: string;
  /** Exclusive end date, `YYYY-MM-DD`. */
  end: string;
  total: number;
  groups: Array<{ key: string; amount: number }>;
}

/**
 * The answer of `GET /meshes/{namespace}/{name}/cost`, served from the cached Cost Explorer answers.
 *
 * @public
 */
export interface CostSeriesResponse extends PanelState {
  entityRef: string;
  currency: string;
  granularity: CostGranularity;
  groupBy: CostGroupBy;
  points: CostPoint[];
  monthToDate: number;
  forecast?: { start: string; end: string; amount: number };
  budget?: number;
}
