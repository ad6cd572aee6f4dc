import { agentMeshApprovePermission } from '@agent-mesh/plugin-agent-mesh-common';
import { WaitingRunStore } from '../../approvals/WaitingRunStore';
import {
  toWaitingRun,
  WaitingRunDecision,
  WaitingRunDecisions,
} from '../../approvals/waitingRunDecisions';
import {
  MeshAccessDeps,
  requireMeshPermission,
  resolveMesh,
} from '../meshAccess';
import { AgentMeshApiRouter } from './types';

type WaitingRunsRouteDeps = MeshAccessDeps & {
  waitingRuns: WaitingRunStore;
  waitingRunDecisions: WaitingRunDecisions;
};

/** Runs waiting at the approval gate: list them, approve or reject one. */
export function registerWaitingRunsRoutes(
  router: AgentMeshApiRouter,
  deps: WaitingRunsRouteDeps,
) {
  router.get('/meshes/:namespace/:name/waiting-runs', async (req, res) => {
    const mesh = await resolveMesh(req, req.params, deps);
    const runs = await deps.waitingRuns.listWaiting(
      { accountId: mesh.target.accountId, meshId: mesh.target.meshId },
      Date.now(),
    );
    res.json({ items: runs.map(toWaitingRun) });
  });

  const decide =
    (decision: WaitingRunDecision) =>
    async (req: any, res: any): Promise<void> => {
      const mesh = await resolveMesh(req, req.params, deps);
      await requireMeshPermission(mesh, agentMeshApprovePermission, deps);
      await deps.ownership.verify(mesh.target, mesh.entityRef);
      const result = await deps.waitingRunDecisions.decide({
        meshRef: mesh.entityRef,
        target: mesh.target,
        executionName: req.params.runName,
        decision,
        credentials: mesh.credentials,
        reason: req.body?.reason,
        request: req,
      });
      res.json(result);
    };
  router.post(
    '/meshes/:namespace/:name/waiting-runs/:runName/approve',
    decide('approve'),
  );
  router.post(
    '/meshes/:namespace/:name/waiting-runs/:runName/reject',
    decide('reject'),
  );
}
