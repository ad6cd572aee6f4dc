import { ResourcePermission } from '@backstage/plugin-permission-common';
import { Request, Response } from 'express';
import { Answer } from '../../promotion/idempotency';
import {
  GatesFailedError,
  gatesFailedBody,
  LaneConflictError,
  laneConflictBody,
} from '../../promotion/promotionErrors';
import {
  MeshAccessDeps,
  requireMeshPermission,
  ResolvedMesh,
  resolveMesh,
} from '../meshAccess';

export type MeshParams = { namespace: string; name: string };

/**
 * Sends a promotion answer. The 409 and 422 of lane changes carry the bodies the spec defines (the current
 * lane and version, the gate report); every other error goes to the framework's error handler.
 */
export async function sendAnswer(
  res: Response,
  work: () => Promise<Answer>,
): Promise<void> {
  let answer: Answer;
  try {
    answer = await work();
  } catch (error) {
    if (error instanceof LaneConflictError) {
      res.status(409).json(laneConflictBody(error));
      return;
    }
    if (error instanceof GatesFailedError) {
      res.status(422).json(gatesFailedBody(error));
      return;
    }
    throw error;
  }
  res.status(answer.status).json(answer.body);
}

/**
 * The handler of a mutating route on one mesh: resolves the mesh, checks the route's permission (a route
 * whose service decides who may act has none), and sends the service's answer.
 */
export function meshAnswerRoute<Req extends Request<MeshParams, any, any, any>>(
  deps: MeshAccessDeps,
  route: {
    permission?: ResourcePermission<'catalog-entity'>;
    answer(mesh: ResolvedMesh, req: Req): Promise<Answer>;
  },
) {
  return async (req: Req, res: Response): Promise<void> => {
    const mesh = await resolveMesh(req, req.params, deps);
    if (route.permission)
      await requireMeshPermission(mesh, route.permission, deps);
    await deps.ownership.verify(mesh.target, mesh.entityRef);
    await sendAnswer(res, () => route.answer(mesh, req));
  };
}
