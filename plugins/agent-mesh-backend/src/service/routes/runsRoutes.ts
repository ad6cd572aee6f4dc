import { InputError, NotFoundError } from '@backstage/errors';
import { SnapshotStore } from '../../database/SnapshotStore';
import {
  HistoryReadLimitError,
  RunHistoryReader,
  toRunSummary,
} from '../../snapshot/runHistoryReader';
import { MeshAccessDeps, resolveMesh } from '../meshAccess';
import { decodeRunCursor, encodeRunCursor } from './runCursor';
import { AgentMeshApiRouter } from './types';

const DEFAULT_LIMIT = 50;

/** `GET .../runs` pages stored runs; `GET .../runs/{runName}` adds the run's kept event history. */
export function registerRunsRoutes(
  router: AgentMeshApiRouter,
  deps: MeshAccessDeps & { store: SnapshotStore; history: RunHistoryReader },
) {
  router.get('/meshes/:namespace/:name/runs', async (req, res) => {
    const mesh = await resolveMesh(req, req.params, deps);
    const { status, agent, lane, from, to, cursor } = req.query;
    const limit =
      req.query.limit === undefined ? DEFAULT_LIMIT : Number(req.query.limit);
    const fromMs = from === undefined ? undefined : Date.parse(from);
    const toMs = to === undefined ? undefined : Date.parse(to);
    if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
      throw new InputError(`Query parameter 'from' must be before 'to'`);
    }
    // One row more than asked tells whether another page exists.
    const rows = await deps.store.listRuns(
      mesh.entityRef,
      { status, agent, lane, fromMs, toMs },
      {
        limit: limit + 1,
        after: cursor === undefined ? undefined : decodeRunCursor(cursor),
      },
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    res.json({
      items: items.map(toRunSummary),
      ...(rows.length > limit && last
        ? {
            nextCursor: encodeRunCursor({
              startMs: last.startMs,
              name: last.name,
            }),
          }
        : {}),
    });
  });

  router.get('/meshes/:namespace/:name/runs/:runName', async (req, res) => {
    const mesh = await resolveMesh(req, req.params, deps);
    let detail;
    try {
      detail = await deps.history.read(
        mesh.entityRef,
        mesh.target,
        req.params.runName,
      );
    } catch (error) {
      if (!(error instanceof HistoryReadLimitError)) throw error;
      res
        .status(429)
        .set('Retry-After', String(error.retryAfterSeconds))
        .json({
          error: { name: error.name, message: error.message },
          response: { statusCode: 429 },
        });
      return;
    }
    if (!detail) {
      throw new NotFoundError(
        `No run ${req.params.runName} of agent mesh ${mesh.entityRef}; runs older than the retention are deleted`,
      );
    }
    res.json(detail);
  });
}
