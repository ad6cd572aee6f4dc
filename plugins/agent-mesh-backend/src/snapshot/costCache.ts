import { CostExplorerService } from '../aws/costExplorerService';
import { toSourceError } from '../aws/sourceError';
import { SnapshotStore, StoredCost } from '../database/SnapshotStore';

/** After a failed fetch, Cost Explorer is asked again after this long (or the TTL, if shorter). */
export const COST_ERROR_RETRY_MS = 15 * 60 * 1000;

/**
 * Returns the mesh's cost, asking Cost Explorer only when the stored answer is older than the TTL. The
 * answer is kept in the plugin database, so the bound holds across replicas and restarts: at most one
 * fetch per mesh per TTL, whatever the traffic (page views only ever read the store).
 */
export async function cachedCost(options: {
  store: SnapshotStore;
  costExplorer: CostExplorerService;
  meshRef: string;
  target: { accountId: string; meshId: string };
  now: Date;
  ttlMs: number;
}): Promise<StoredCost> {
  const { store, meshRef, now, ttlMs } = options;
  const stored = await store.getCost(meshRef);
  const nowMs = now.getTime();
  const waitMs = stored?.error ? Math.min(ttlMs, COST_ERROR_RETRY_MS) : ttlMs;
  if (stored && nowMs - stored.fetchedAt < waitMs) {
    return stored;
  }
  let next: StoredCost;
  try {
    const bundle = await options.costExplorer.fetchCost(options.target, now);
    next = { fetchedAt: nowMs, bundle, bundleFetchedAt: nowMs };
  } catch (error) {
    next = {
      fetchedAt: nowMs,
      bundle: stored?.bundle,
      bundleFetchedAt: stored?.bundleFetchedAt,
      error: toSourceError(error),
    };
  }
  await store.putCost(meshRef, next);
  return next;
}
