import type { components } from './schema/openapi.generated';

type Schemas = components['schemas'];

/**
 * How one part of a snapshot (runs, lanes, alarms, metrics, cost) was last read from its AWS source.
 * A failing source degrades only its own part: `status: 'error'` with the reason, the rest stays `ok`.
 * `pending` means the source has not been read yet (no refresh has run since the mesh appeared).
 *
 * @public
 */
export type PanelState = Schemas['LanesPanel'];

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
] as const satisfies readonly Schemas['RunStatus'][];

/** @public */
export type RunStatus = Schemas['RunStatus'];

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
export type RunCounts = Schemas['RunCounts'];

/**
 * An agent's lane as its KV item says; `source: 'default'` when the agent has no item (it runs `read_only`).
 *
 * @public
 */
export type AgentLaneState = Schemas['AgentLaneState'];

/** @public */
export type AgentSnapshot = Schemas['AgentSnapshot'];

/** @public */
export type AlarmSummary = Schemas['AlarmSummary'];

/** @public */
export type MetricSeries = Schemas['MetricSeries'];

/** @public */
export type CostSummary = Schemas['CostSummary'];

/**
 * The answer of `GET /meshes/{namespace}/{name}/snapshot`: what the last scheduled refresh read.
 *
 * @public
 */
export type MeshSnapshot = Schemas['MeshSnapshot'];

/**
 * A mesh's health in the mesh list, from its stored snapshot.
 *
 * @public
 */
export type MeshHealth = Schemas['MeshHealth'];

/** @public */
export type RunSummary = Schemas['RunSummary'];

/** @public */
export type ListRunsResponse = Schemas['ListRunsResponse'];

/**
 * One event of a run's history. Payloads (input, output, task parameters, which can hold task tokens)
 * are left out on purpose.
 *
 * @public
 */
export type RunEvent = Schemas['RunEvent'];

/** @public */
export type RunDetailResponse = Schemas['RunDetailResponse'];

/** @public */
export type CostGranularity = Schemas['CostSeriesResponse']['granularity'];
/** @public */
export type CostGroupBy = Schemas['CostSeriesResponse']['groupBy'];

/** @public */
export type CostPoint = Schemas['CostPoint'];

/**
 * The answer of `GET /meshes/{namespace}/{name}/cost`, served from the cached Cost Explorer answers.
 *
 * @public
 */
export type CostSeriesResponse = Schemas['CostSeriesResponse'];
