import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { LRUCache } from 'lru-cache';

/**
 * Remembers, per caller and mesh, the outcome of the checks every mesh route makes (the catalog read and the
 * `agent-mesh.read` decision) for a few seconds. A page polls the snapshot and several panels at once; without
 * this, each request would cost a catalog request and a permission request on top of its own work. Concurrent
 * requests of one caller for one mesh share one check.
 *
 * Only answers are kept: a refusal (404, 403) like an allowed mesh, never a failure of the catalog or the
 * permission backend, so a transient error is retried by the next request.
 */
export class MeshAccessCache<T> {
  private readonly entries: LRUCache<string, Promise<T>>;

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.entries = new LRUCache({ max: maxEntries, ttl: ttlMs });
  }

  /** The outcome of `check` for this caller and mesh, from the cache while it is fresh. */
  remember(
    credentials: BackstageCredentials,
    entityRef: string,
    check: () => Promise<T>,
  ): Promise<T> {
    const caller = callerKey(credentials);
    if (!caller) return check();
    const key = `${caller}\n${entityRef}`;
    const cached = this.entries.get(key);
    if (cached) return cached;
    const outcome = check();
    this.entries.set(key, outcome);
    outcome.catch(error => {
      if (!isAnswer(error)) this.entries.delete(key);
    });
    return outcome;
  }
}

/** The identity a permission decision depends on; callers without one are never cached. */
function callerKey(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return `user:${principal.userEntityRef}`;
  }
  if (principal.type === 'service' && principal.subject) {
    return `service:${principal.subject}`;
  }
  return undefined;
}

function isAnswer(error: unknown): boolean {
  return error instanceof NotFoundError || error instanceof NotAllowedError;
}
