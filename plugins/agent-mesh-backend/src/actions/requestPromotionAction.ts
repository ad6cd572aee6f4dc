import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { meshInput } from './meshInput';
import { ConflictError, InputError } from '@backstage/errors';
import {
  agentMeshRequestPromotionPermission,
  nextLane,
  PromotionRequest,
} from '@agent-mesh/plugin-agent-mesh-common';
import { randomUUID } from 'node:crypto';
import { PromotionServices } from '../promotion/createPromotion';
import {
  GatesFailedError,
  LaneConflictError,
} from '../promotion/promotionErrors';
import {
  MeshAccessDeps,
  requireMeshPermission,
  resolveMeshFor,
} from '../service/meshAccess';

/**
 * `agent-mesh:request-promotion`: an agent asks to move one lane up. The same checks as a promotion from the
 * portal (permission, the lane and version the caller saw, the gates), but the answer is always a pending
 * request that a person approves or rejects; an agent never changes a lane. Backstage's actions service calls
 * the plugin with its own service token for a service caller (it forwards only users' identities), so the
 * request names the MCP caller as it arrives, and any agent's request still waits for a person.
 */
export function registerRequestPromotionAction(
  actionsRegistry: ActionsRegistryService,
  deps: Omit<MeshAccessDeps, 'httpAuth'> & { promotion: PromotionServices },
) {
  actionsRegistry.register({
    name: 'request-promotion',
    title: 'Request an agent’s promotion to the next lane',
    description:
      'Asks for an agent of a mesh to move one lane up (read_only to dry_run, dry_run to execute). The promotion gates (recent successful runs, failure rate, no alarm, evidence in the artifacts bucket, cost forecast under budget) must pass; then a pending request is created that a person must approve in the portal. Read the lane and version first with get-mesh-status.',
    attributes: { destructive: true, readOnly: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          ...meshInput(z),
          agent: z
            .string()
            .regex(/^[a-z][a-z0-9-]{0,23}$/)
            .describe('The agent’s name inside the mesh, e.g. conductor'),
          from: z
            .enum(['read_only', 'dry_run', 'execute'])
            .describe('The lane the agent is in now'),
          expectedVersion: z
            .number()
            .int()
            .min(0)
            .describe(
              'The version of the agent’s lane, as get-mesh-status gave it',
            ),
          reason: z
            .string()
            .max(500)
            .optional()
            .describe('Why the agent should move up'),
        }),
      output: z =>
        z.object({
          requestId: z.string(),
          status: z.enum(['pending', 'approved', 'rejected', 'expired']),
          from: z.string(),
          to: z.string(),
          expiresAt: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const mesh = await resolveMeshFor(credentials, input, deps);
      await requireMeshPermission(
        mesh,
        agentMeshRequestPromotionPermission,
        deps,
      );
      await deps.ownership.verify(mesh.target, mesh.entityRef);
      const to = nextLane(input.from);
      if (!to) {
        throw new InputError(
          `from: ${input.from} is the top lane; there is none to request`,
        );
      }
      let answer;
      try {
        answer = await deps.promotion.laneChanges.promote(
          mesh,
          input.agent,
          {
            from: input.from,
            to,
            expectedVersion: input.expectedVersion,
            idempotencyKey: randomUUID(),
            reason: input.reason,
          },
          undefined,
          { alwaysRequest: true },
        );
      } catch (error) {
        if (error instanceof GatesFailedError)
          throw new InputError(error.message);
        if (error instanceof LaneConflictError) {
          throw new ConflictError(
            `${error.message}; the agent is now in ${error.current.lane} at version ${error.current.version}`,
          );
        }
        throw error;
      }
      const request = (answer.body as { request?: PromotionRequest }).request;
      if (!request) {
        throw new Error('The promotion answered without a request');
      }
      return {
        output: {
          requestId: request.id,
          status: request.status,
          from: request.from,
          to: request.to,
          expiresAt: request.expiresAt,
        },
      };
    },
  });
}
