import { StepFunctionsService } from '../aws/stepFunctionsService';
import { MeshTarget } from '../aws/meshTarget';
import { SnapshotStore, StoredRun } from '../database/SnapshotStore';

/** At most this many finished long runs are described per refresh; the rest wait for the next one. */
export const MAX_DESCRIBES_PER_REFRESH = 100;

/**
 * Brings a mesh's stored runs up to date, incrementally:
 * 1. ListExecutions newest first, only until a page reaches runs already stored (or the backfill window);
 * 2. when stored runs are still RUNNING and were not on those pages, one ListExecutions of RUNNING runs,
 *    and DescribeExecution only for the ones that finished since.
 * Calls grow with new runs, never with agents or viewers.
 */
export async function syncRuns(options: {
  store: SnapshotStore;
  stepFunctions: StepFunctionsService;
  meshRef: string;
  target: MeshTarget;
  stateMachineArn: string;
  nowMs: number;
  backfillMs: number;
  retentionMs: number;
  signal?: AbortSignal;
}): Promise<{ newRuns: number; pages: number }> {
  const { store, stepFunctions, meshRef, target, stateMachineArn, nowMs } =
    options;
  const { executions, pages } = await stepFunctions.listNewExecutions(target, {
    stateMachineArn,
    notBeforeMs: nowMs - options.backfillMs,
    isKnown: names => store.knownRunNames(meshRef, names),
    signal: options.signal,
  });
  const known = await store.knownRunNames(
    meshRef,
    executions.map(e => e.name),
  );
  await store.upsertRuns(meshRef, executions);

  const seen = new Set(executions.map(e => e.name));
  const open = (await store.openRuns(meshRef)).filter(
    run => !seen.has(run.name),
  );
  if (open.length > 0) {
    const running = new Set(
      (await stepFunctions.listRunningExecutions(target, stateMachineArn)).map(
        e => e.name,
      ),
    );
    const finished = open
      .filter(run => !running.has(run.name))
      .slice(0, MAX_DESCRIBES_PER_REFRESH);
    const updated: StoredRun[] = [];
    for (const run of finished) {
      options.signal?.throwIfAborted();
      updated.push(
        await stepFunctions.describeExecution(target, run.executionArn),
      );
    }
    await store.upsertRuns(meshRef, updated);
  }
  await store.deleteRunsBefore(meshRef, nowMs - options.retentionMs);
  return { newRuns: executions.filter(e => !known.has(e.name)).length, pages };
}
