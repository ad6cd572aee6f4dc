import { useApi } from '@backstage/core-plugin-api';
import { MeshSnapshot } from '@agent-mesh/plugin-agent-mesh-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { agentMeshApiRef, MeshRef } from '../api';

/** How often an open view asks for the stored snapshot again; the backend refreshes on its own schedule. */
export const SNAPSHOT_POLL_MS = 30_000;

/**
 * The mesh's stored snapshot, asked for again every `pollMs` while the view is open (a database read on the
 * backend, never an AWS call). The last answer stays shown while the next one loads.
 */
export function useMeshSnapshot(
  mesh: MeshRef | undefined,
  pollMs: number = SNAPSHOT_POLL_MS,
): {
  snapshot?: MeshSnapshot;
  loading: boolean;
  error?: Error;
} {
  const api = useApi(agentMeshApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (mesh ? api.getMeshSnapshot(mesh) : undefined),
    [api, mesh],
  );
  useInterval(retry, mesh && pollMs > 0 ? pollMs : null);
  return { snapshot: value, loading, error };
}
