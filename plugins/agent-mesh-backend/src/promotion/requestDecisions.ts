import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  agentMeshApprovePermission,
  DecisionRequest,
  PORTAL_EVENT_DETAIL_TYPES,
  PromotionRequestDecisionResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { Knex } from 'knex';
import { AgentMeshConfig } from '../config/agentMeshConfig';
import { toApiRequest } from '../database/KnexPromotionRequestStore';
import { PromotionStores } from '../database/promotionStores';
import {
  RequestDecision,
  StoredPromotionRequest,
} from '../database/PromotionRequestStore';
import { requireMeshPermission, ResolvedMesh } from '../service/meshAccess';
import { actorOf } from './actorOf';
import { Change, ChangeWriter } from './changeWriter';
import { GateService } from './gateService';
import { Answer, fingerprintOf, runIdempotent } from './idempotency';
import { LaneView } from './laneView';
import { meshPolicy } from './meshPolicy';
import { GatesFailedError, LaneConflictError } from './promotionErrors';
import { RequestExpiry } from './requestExpiry';

/** What an approval and a rejection of `request` by `actor` write alike: whose request, which lanes, why. */
function decisionChange(
  mesh: ResolvedMesh,
  actor: string,
  request: StoredPromotionRequest,
  body: DecisionRequest,
  req?: Request<any, any, any, any, any>,
): Pick<
  Change,
  | 'meshRef'
  | 'target'
  | 'actor'
  | 'agent'
  | 'request'
  | 'from'
  | 'to'
  | 'reason'
  | 'requestId'
> {
  return {
    meshRef: mesh.entityRef,
    target: mesh.target,
    actor,
    agent: request.agent,
    request: req,
    from: request.from,
    to: request.to,
    reason: body.reason,
    requestId: request.id,
  };
}

/**
 * Approving and rejecting promotion requests. An approver needs `agent-mesh.approval.decide` and is never the
 * requester; the requester may withdraw (reject) their own request. Approval re-evaluates the gates and applies
 * the promotion conditional on the version the request was made from.
 */
export class RequestDecisions {
  constructor(
    private readonly deps: {
      config: AgentMeshConfig;
      permissions: PermissionsService;
      stores: PromotionStores;
      gates: GateService;
      lanes: LaneView;
      writer: ChangeWriter;
      expiry: RequestExpiry;
      now: () => Date;
    },
  ) {}

  async list(
    mesh: ResolvedMesh,
    status: StoredPromotionRequest['status'] = 'pending',
  ) {
    await this.deps.expiry.expireDue(mesh.entityRef);
    const items = await this.deps.stores.requests.list(mesh.entityRef, {
      status,
    });
    return { items: items.map(toApiRequest) };
  }

  async approve(
    mesh: ResolvedMesh,
    requestId: string,
    body: DecisionRequest,
    req?: Request<any, any, any, any, any>,
  ): Promise<Answer> {
    await requireMeshPermission(mesh, agentMeshApprovePermission, this.deps);
    const actor = actorOf(mesh.credentials);
    if ((await this.get(mesh, requestId)).requestedBy === actor) {
      throw new NotAllowedError(
        'The requester can never approve their own promotion request: another person must approve it',
      );
    }
    return this.idempotent(mesh, 'approve', requestId, body, async keep => {
      const request = await this.pending(mesh, requestId, true);
      const policy = meshPolicy(mesh, this.deps.config);
      const report = await this.deps.gates.report(
        mesh,
        policy,
        {
          agent: request.agent,
          from: request.from,
          to: request.to,
          version: request.fromVersion,
        },
        { freshArtifacts: true },
      );
      if (!report.passed) throw new GatesFailedError(report);
      const decision = this.decisionBy(actor, 'approved', body);
      let decided: ReturnType<typeof toApiRequest> | undefined;
      const { entry, lane } = await this.deps.writer.apply({
        ...decisionChange(mesh, actor, request, body, req),
        auditEventId: 'promotion-request-approve',
        action: 'request_approved',
        detailType: PORTAL_EVENT_DETAIL_TYPES.promotionApproved,
        laneWrite: {
          from: request.from,
          to: request.to,
          expectedVersion: request.fromVersion,
        },
        inTransaction: async (tx, result) => {
          decided = await this.decide(mesh, requestId, tx, decision);
          const answer: PromotionRequestDecisionResponse = {
            request: decided,
            lane: result.lane,
            entry: result.entry,
          };
          await keep({ status: 200, body: answer }, tx);
        },
      });
      const answer: PromotionRequestDecisionResponse = {
        request: decided!,
        lane,
        entry,
      };
      return { status: 200, body: answer };
    });
  }

  async reject(
    mesh: ResolvedMesh,
    requestId: string,
    body: DecisionRequest,
    req?: Request<any, any, any, any, any>,
  ): Promise<Answer> {
    const actor = actorOf(mesh.credentials);
    const request = await this.get(mesh, requestId);
    // The requester may withdraw their own request; anyone else needs the approve permission.
    if (request.requestedBy !== actor) {
      await requireMeshPermission(mesh, agentMeshApprovePermission, this.deps);
    }
    return this.idempotent(mesh, 'reject', requestId, body, async keep => {
      await this.pending(mesh, requestId, false);
      const decision = this.decisionBy(actor, 'rejected', body);
      let decided: ReturnType<typeof toApiRequest> | undefined;
      const { entry } = await this.deps.writer.apply({
        ...decisionChange(mesh, actor, request, body, req),
        auditEventId: 'promotion-request-reject',
        action: 'request_rejected',
        detailType: PORTAL_EVENT_DETAIL_TYPES.promotionRejected,
        inTransaction: async (tx, result) => {
          decided = await this.decide(mesh, requestId, tx, decision);
          await keep(
            { status: 200, body: { request: decided, entry: result.entry } },
            tx,
          );
        },
      });
      return { status: 200, body: { request: decided!, entry } };
    });
  }

  private decisionBy(
    actor: string,
    status: RequestDecision['status'],
    body: DecisionRequest,
  ): RequestDecision {
    return {
      status,
      decidedBy: actor,
      decidedAt: this.deps.now().getTime(),
      decisionReason: body.reason,
    };
  }

  /**
   * Records the decision in the change's transaction, only if the request is still pending (a concurrent
   * decision made it 409), and answers the request as decided.
   */
  private async decide(
    mesh: ResolvedMesh,
    requestId: string,
    tx: Knex.Transaction,
    decision: RequestDecision,
  ) {
    const { requests } = this.deps.stores;
    if (!(await requests.decide(requestId, decision, tx)))
      throw new ConflictError(
        `Promotion request ${requestId} is no longer pending`,
      );
    return toApiRequest((await requests.get(mesh.entityRef, requestId, tx))!);
  }

  private async get(mesh: ResolvedMesh, requestId: string) {
    const request = await this.deps.stores.requests.get(
      mesh.entityRef,
      requestId,
    );
    if (!request) {
      throw new NotFoundError(
        `No promotion request ${requestId} in agent mesh ${mesh.entityRef}`,
      );
    }
    return request;
  }

  /** The request, still pending: one past its lifetime is expired now (lazily) and refused with 409. */
  private async pending(
    mesh: ResolvedMesh,
    requestId: string,
    laneConflict: boolean,
  ) {
    let request = await this.get(mesh, requestId);
    if (
      request.status === 'pending' &&
      Date.parse(request.expiresAt) <= this.deps.now().getTime()
    ) {
      await this.deps.expiry.expire(request);
      request = await this.get(mesh, requestId);
    }
    if (request.status !== 'pending') {
      const message = `Promotion request ${requestId} is no longer pending: it was ${
        request.status
      }${request.decidedBy ? ` by ${request.decidedBy}` : ''}`;
      if (!laneConflict) throw new ConflictError(message);
      const current = await this.deps.lanes.get(mesh, request.agent);
      throw new LaneConflictError(
        { lane: current.lane, version: current.version },
        message,
      );
    }
    return request;
  }

  private idempotent(
    mesh: ResolvedMesh,
    operation: string,
    requestId: string,
    body: DecisionRequest,
    run: Parameters<typeof runIdempotent>[0]['run'],
  ) {
    return runIdempotent({
      store: this.deps.stores.idempotency,
      scope: body.idempotencyKey
        ? {
            meshRef: mesh.entityRef,
            actor: actorOf(mesh.credentials),
            key: body.idempotencyKey,
          }
        : undefined,
      fingerprint: fingerprintOf([operation, requestId, body.reason ?? null]),
      nowMs: this.deps.now().getTime(),
      inProgress: async () => {
        const message = `A request with the idempotency key '${body.idempotencyKey}' is still in progress; retry later for its answer`;
        if (operation !== 'approve') return new ConflictError(message);
        const request = await this.get(mesh, requestId);
        const current = await this.deps.lanes.get(mesh, request.agent);
        return new LaneConflictError(
          { lane: current.lane, version: current.version },
          message,
        );
      },
      run,
    });
  }
}
