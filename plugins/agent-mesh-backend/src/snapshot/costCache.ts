import { REQUESTS_PER_FETCH } from '../config/agentMeshConfig';
import { CostExplorerService } from '../aws/costExplorerService';
import { toSourceError } from '../aws/sourceError';
import { SnapshotStore, StoredCost } from '../database/SnapshotStore';

/** After a failed fetch, Cost Explorer is asked again after this long (or the TTL, if shorter). */
export const COST_ERROR_RETRY_MS = 15 * 60 * 1000;

/** Thrown before a request that would pass the day's bound; the fetch stops there and is tried another day. */
export class CostRequestBoundError extends Error {
  name = 'CostRequestBoundReached';
}

/**
 * Returns the mesh's cost, asking Cost Explorer only when the stored answer is older than the TTL and the day's
 * requests leave room for a full fetch. The answer and the day's request count are kept in the plugin database,
 * so both bounds hold across replicas and restarts, whatever the traffic (page views only ever read the store).
 */
export async function cachedCost(options: {
  store: SnapshotStore;
  costExplorer: CostExplorerService;
  meshRef: string;
  target: { accountId: string; meshId: string };
  now: Date;
  ttlMs: number;
  maxRequestsPerDay: number;
}): Promise<StoredCost> {
  const { store, meshRef, now, ttlMs, maxRequestsPerDay } = options;
  const stored = await store.getCost(meshRef);
  const nowMs = now.getTime();
  const waitMs = stored?.error ? Math.min(ttlMs, COST_ERROR_RETRY_MS) : ttlMs;
  const day = now.toISOString().slice(0, 10);
  const requests = {
    day,
    count: stored?.requests?.day === day ? stored.requests.count : 0,
  };
  const due = !stored || nowMs - stored.fetchedAt >= waitMs;
  const roomForAFetch =
    requests.count + REQUESTS_PER_FETCH <= maxRequestsPerDay;
  if (stored && (!due || !roomForAFetch)) {
    return stored;
  }
  const beforeRequest = () => {
    if (requests.count >= maxRequestsPerDay) {
      throw new CostRequestBoundError(
        `Cost Explorer was asked ${requests.count} times for this mesh today, the most agentMesh.cost.maxRequestsPerDay allows`,
      );
    }
    requests.count += 1;
  };
  let next: StoredCost;
  try {
    const bundle = await options.costExplorer.fetchCost(options.target, now, {
      beforeRequest,
    });
    next = { fetchedAt: nowMs, bundle, bundleFetchedAt: nowMs, requests };
  } catch (error) {
    next = {
      fetchedAt: nowMs,
      bundle: stored?.bundle,
      bundleFetchedAt: stored?.bundleFetchedAt,
      error: toSourceError(error),
      requests,
    };
  }
  await store.putCost(meshRef, next);
  return next;
}
