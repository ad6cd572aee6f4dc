import {
  RunDetailResponse,
  RunEvent,
  RunStatus,
  RunSummary,
} from '@agent-mesh/plugin-agent-mesh-common';
import { AwsTarget } from '../aws/awsClientFactory';
import { toSourceError } from '../aws/sourceError';
import { StepFunctionsService } from '../aws/stepFunctionsService';
import { KnexHistoryReadCounter } from '../database/KnexHistoryReadCounter';
import { SnapshotStore, StoredRun } from '../database/SnapshotStore';

const TERMINAL_EVENTS: Record<string, RunStatus> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

export function toRunSummary(run: StoredRun): RunSummary {
  const summary: RunSummary = {
    name: run.name,
    executionArn: run.executionArn,
    status: run.status,
    startDate: new Date(run.startMs).toISOString(),
  };
  if (run.agent) summary.agent = run.agent;
  if (run.lane) summary.lane = run.lane as RunSummary['lane'];
  if (run.stopMs !== undefined)
    summary.stopDate = new Date(run.stopMs).toISOString();
  return summary;
}

const MINUTE_MS = 60_000;

/** A mesh read more run histories from Step Functions this minute than config allows; answered with 429. */
export class HistoryReadLimitError extends Error {
  name = 'TooManyRequestsError';

  constructor(
    message: string,
    /** Seconds until the window ends, for `Retry-After`. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * Serves a run with its event history. A finished execution never changes, so its history is read from
 * Step Functions once, on the first view, and kept in the database for every later view and replica.
 * A running execution's history is read again at most once per `maxAgeMs` (the refresh interval),
 * whatever the number of viewers; concurrent views of one run share a single read.
 */
export class RunHistoryReader {
  private readonly inflight = new Map<string, Promise<RunDetailResponse>>();

  constructor(
    private readonly options: {
      store: SnapshotStore;
      stepFunctions: StepFunctionsService;
      maxAgeMs: number;
      /** Counts each mesh's reads from Step Functions, shared by replicas, against `readsPerMinute`. */
      reads: Pick<KnexHistoryReadCounter, 'take'>;
      readsPerMinute: number;
      now?: () => number;
    },
  ) {}

  async read(
    meshRef: string,
    target: AwsTarget,
    runName: string,
  ): Promise<RunDetailResponse | undefined> {
    const run = await this.options.store.getRun(meshRef, runName);
    if (!run) {
      return undefined;
    }
    const now = this.options.now?.() ?? Date.now();
    if (
      run.history &&
      (run.historyFinal ||
        now - (run.historyFetchedAt ?? 0) < this.options.maxAgeMs)
    ) {
      return {
        run: toRunSummary(run),
        history: {
          status: 'ok',
          fetchedAt: new Date(run.historyFetchedAt ?? now).toISOString(),
          ...run.history,
        },
      };
    }
    const key = `${meshRef}/${runName}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.takeRead(meshRef, now)
        .then(() => this.fetch(meshRef, target, run, now))
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** One read from Step Functions (at most two GetExecutionHistory pages), or a refusal past the mesh's limit. */
  private async takeRead(meshRef: string, now: number) {
    const windowStart = now - (now % MINUTE_MS);
    const reads = await this.options.reads.take(meshRef, windowStart);
    if (reads > this.options.readsPerMinute) {
      throw new HistoryReadLimitError(
        `Run histories of ${meshRef} were read from Step Functions ${this.options.readsPerMinute} times this minute, the most agentMesh.runs.historyReadsPerMinute allows; runs already read are served from the database`,
        Math.ceil((windowStart + MINUTE_MS - now) / 1000),
      );
    }
  }

  private async fetch(
    meshRef: string,
    target: AwsTarget,
    run: StoredRun & {
      history?: { events: RunEvent[]; truncated: boolean };
      historyFetchedAt?: number;
    },
    now: number,
  ): Promise<RunDetailResponse> {
    const { store, stepFunctions } = this.options;
    try {
      const history = await stepFunctions.getExecutionHistory(
        target,
        run.executionArn,
      );
      const last = history.events[history.events.length - 1];
      const endStatus = last ? TERMINAL_EVENTS[last.type] : undefined;
      let current = run;
      if (endStatus && run.status === 'RUNNING') {
        current = {
          ...run,
          status: endStatus,
          stopMs: Date.parse(last.timestamp),
        };
        await store.upsertRuns(meshRef, [current]);
      }
      const final = Boolean(endStatus) || current.status !== 'RUNNING';
      await store.putRunHistory(meshRef, run.name, history, now, final);
      return {
        run: toRunSummary(current),
        history: {
          status: 'ok',
          fetchedAt: new Date(now).toISOString(),
          ...history,
        },
      };
    } catch (error) {
      const detail: RunDetailResponse = {
        run: toRunSummary(run),
        history: {
          status: 'error',
          error: toSourceError(error),
          events: run.history?.events ?? [],
          truncated: run.history?.truncated ?? false,
        },
      };
      if (run.historyFetchedAt) {
        detail.history.fetchedAt = new Date(run.historyFetchedAt).toISOString();
      }
      return detail;
    }
  }
}
