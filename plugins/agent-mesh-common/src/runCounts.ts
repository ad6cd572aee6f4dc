import type { RunCounts } from './apiTypes';

/**
 * Counts of no runs: where the backend starts summing and what a mesh without runs shows.
 *
 * @public
 */
export function emptyRunCounts(): RunCounts {
  return {
    total: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    aborted: 0,
    failureRate: 0,
  };
}

/**
 * The counts with `failureRate` set as the contract defines it: (failed + timed out) / finished runs,
 * rounded to four decimals; 0 when no run finished.
 *
 * @public
 */
export function withFailureRate(counts: RunCounts): RunCounts {
  const finished =
    counts.succeeded + counts.failed + counts.timedOut + counts.aborted;
  const failures = counts.failed + counts.timedOut;
  return {
    ...counts,
    failureRate:
      finished === 0 ? 0 : Math.round((failures / finished) * 10000) / 10000,
  };
}
