/**
 * The backend's default refresh interval (`agentMesh.refresh.frequency`, one minute). The frontend cannot
 * read the backend's config; an app that refreshes less often passes its interval to the lanes tab.
 */
export const DEFAULT_REFRESH_INTERVAL_SECONDS = 60;

/** Evidence older than this many refresh intervals is stale: at least one refresh failed or did not run. */
export const STALE_AFTER_INTERVALS = 2;

/**
 * How old the evidence read at `fetchedAt` is, in seconds, when it is older than two refresh intervals;
 * undefined when it is fresh or was never read (that is the pending state, not a stale one).
 */
export function staleAgeSeconds(
  fetchedAt: string | undefined,
  refreshIntervalSeconds: number,
  nowMs: number = Date.now(),
): number | undefined {
  if (!fetchedAt) {
    return undefined;
  }
  const ageSeconds = (nowMs - Date.parse(fetchedAt)) / 1000;
  return ageSeconds > STALE_AFTER_INTERVALS * refreshIntervalSeconds
    ? ageSeconds
    : undefined;
}
