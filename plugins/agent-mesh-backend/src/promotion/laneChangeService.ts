import { randomUUID } from 'node:crypto';
import { durationToMilliseconds } from '@backstage/types';
import { InputError } from '@backstage/errors';
import {
  LaneChangeRequest,
  LaneChangeResponse,
  laneRank,
  PORTAL_EVENT_DETAIL_TYPES,
} from '@agent-mesh/plugin-agent-mesh-common';
import { Request } from 'express';
import { AgentMeshConfig } from '../config/agentMeshConfig';
import { toApiRequest } from '../database/KnexPromotionRequestStore';
import { PromotionStores } from '../database/promotionStores';
import { PendingRequestExistsError } from '../database/PromotionRequestStore';
import { ResolvedMesh } from '../service/meshAccess';
import { actorOf } from './actorOf';
import { ChangeWriter, FollowUp } from './changeWriter';
import { GateService } from './gateService';
import {
  Answer,
  fingerprintOf,
  KeepAnswer,
  runIdempotent,
} from './idempotency';
import { LaneView } from './laneView';
import {
  demotableTo,
  meshPolicy,
  MeshPolicy,
  promotableTo,
} from './meshPolicy';
import { GatesFailedError, LaneConflictError } from './promotionErrors';

export interface LaneChangeDeps {
  config: AgentMeshConfig;
  stores: PromotionStores;
  gates: GateService;
  lanes: LaneView;
  writer: ChangeWriter;
  now: () => Date;
}

/**
 * Promotions and demotions: the rules (one step up within the tier's lanes, down to any lower lane), the gates,
 * the two-person rule, idempotency, and the change itself through the {@link ChangeWriter}. Permissions are
 * checked by the route before it calls in.
 */
export class LaneChangeService {
  constructor(private readonly deps: LaneChangeDeps) {}

  /**
   * `options.alwaysRequest` makes even a promotion that needs no second person a pending request: what an agent
   * asking for its own promotion gets (a person decides).
   */
  async promote(
    mesh: ResolvedMesh,
    agent: string,
    body: LaneChangeRequest,
    req?: Request<any, any, any, any, any>,
    options: { alwaysRequest?: boolean } = {},
  ): Promise<Answer> {
    const policy = meshPolicy(mesh, this.deps.config);
    checkPromotion(policy, body);
    await this.deps.lanes.get(mesh, agent); // 404 for an agent the mesh does not have
    return this.idempotent(mesh, agent, 'promote', body, async keep => {
      const report = await this.deps.gates.report(
        mesh,
        policy,
        { agent, from: body.from, to: body.to, version: body.expectedVersion },
        { freshArtifacts: true },
      );
      if (!report.passed) throw new GatesFailedError(report);
      if (report.requiresApproval || options.alwaysRequest) {
        return this.request(mesh, agent, body, keep, req);
      }
      const { entry, lane } = await this.deps.writer.apply({
        ...changeBy(mesh, agent, 'promoted', req),
        ...laneWriteOf(body),
        inTransaction: async (tx, result) => {
          await keep(applied(result.lane!, result.entry), tx);
        },
      });
      return applied(lane!, entry);
    });
  }

  async demote(
    mesh: ResolvedMesh,
    agent: string,
    body: LaneChangeRequest,
    req?: Request<any, any, any, any, any>,
  ): Promise<Answer> {
    const policy = meshPolicy(mesh, this.deps.config);
    if (
      // From any lane, even one the tier lacks (an emergency must always be able to drop it).
      !demotableTo(policy, body.from).includes(body.to)
    ) {
      throw new InputError(
        `A demotion moves to a lower lane of this mesh: from ${
          body.from
        } that is ${
          demotableTo(policy, body.from).join(' or ') || 'none'
        }, not ${body.to} (lanes: ${policy.lanes.join(' → ')})`,
      );
    }
    checkFirstVersion(body);
    await this.deps.lanes.get(mesh, agent); // 404 for an agent the mesh does not have
    return this.idempotent(mesh, agent, 'demote', body, async keep => {
      const actor = actorOf(mesh.credentials);
      const nowMs = this.deps.now().getTime();
      const { entry, lane } = await this.deps.writer.apply({
        ...changeBy(mesh, agent, 'demoted', req),
        ...laneWriteOf(body),
        inTransaction: async (tx, result) => {
          // A demotion rejects the agent's pending promotion requests, in the same transaction.
          const followUps: FollowUp[] = [];
          const pending = await this.deps.stores.requests.list(
            mesh.entityRef,
            { status: 'pending', agent },
            tx,
          );
          for (const request of pending) {
            const reason = `Demoted to ${body.to}`;
            const decided = await this.deps.stores.requests.decide(
              request.id,
              {
                status: 'rejected',
                decidedBy: actor,
                decidedAt: nowMs,
                decisionReason: reason,
              },
              tx,
            );
            if (decided) {
              followUps.push({
                action: 'request_rejected',
                detailType: PORTAL_EVENT_DETAIL_TYPES.promotionRejected,
                agent,
                fromLane: request.from,
                toLane: request.to,
                reason,
                requestId: request.id,
              });
            }
          }
          await keep(applied(result.lane!, result.entry), tx);
          return followUps;
        },
      });
      return applied(lane!, entry);
    });
  }

  /** The two-person rule: a pending request instead of the change; the lane is unchanged. */
  private async request(
    mesh: ResolvedMesh,
    agent: string,
    body: LaneChangeRequest,
    keep: KeepAnswer,
    req?: Request<any, any, any, any, any>,
  ): Promise<Answer<LaneChangeResponse>> {
    // No lane write guards a request, so the lane the caller saw is checked against what the portal knows.
    const current = await this.deps.lanes.get(mesh, agent);
    if (
      current.lane !== body.from ||
      current.version !== body.expectedVersion
    ) {
      throw new LaneConflictError({
        lane: current.lane,
        version: current.version,
      });
    }
    const now = this.deps.now();
    const id = randomUUID();
    const lane = { lane: body.from, version: body.expectedVersion };
    let created: ReturnType<typeof toApiRequest> | undefined;
    try {
      const { entry } = await this.deps.writer.apply({
        ...changeBy(mesh, agent, 'promotion_requested', req),
        from: body.from,
        to: body.to,
        reason: body.reason,
        requestId: id,
        inTransaction: async (tx, result) => {
          created = toApiRequest(
            await this.deps.stores.requests.create(
              {
                id,
                meshRef: mesh.entityRef,
                target: mesh.target,
                agent,
                from: body.from,
                to: body.to,
                fromVersion: body.expectedVersion,
                requestedBy: actorOf(mesh.credentials),
                requestedAt: now.getTime(),
                expiresAt:
                  now.getTime() +
                  durationToMilliseconds(
                    this.deps.config.promotion.approvals.requestLifetime,
                  ),
                reason: body.reason,
              },
              tx,
            ),
          );
          await keep(
            {
              status: 202,
              body: {
                outcome: 'pending_approval',
                lane,
                entry: result.entry,
                request: created,
              },
            },
            tx,
          );
        },
      });
      return {
        status: 202,
        body: { outcome: 'pending_approval', lane, entry, request: created! },
      };
    } catch (error) {
      if (error instanceof PendingRequestExistsError) {
        throw new LaneConflictError(
          { lane: current.lane, version: current.version },
          `Agent ${agent} already has a pending promotion request: approve, reject or withdraw it first`,
        );
      }
      throw error;
    }
  }

  private idempotent(
    mesh: ResolvedMesh,
    agent: string,
    operation: string,
    body: LaneChangeRequest,
    run: (keep: KeepAnswer) => Promise<Answer<LaneChangeResponse>>,
  ) {
    return runIdempotent<LaneChangeResponse>({
      store: this.deps.stores.idempotency,
      scope: {
        meshRef: mesh.entityRef,
        actor: actorOf(mesh.credentials),
        key: body.idempotencyKey,
      },
      fingerprint: fingerprintOf([
        operation,
        agent,
        body.from,
        body.to,
        body.expectedVersion,
        body.reason ?? null,
      ]),
      nowMs: this.deps.now().getTime(),
      inProgress: async () => {
        const current = await this.deps.lanes.get(mesh, agent);
        return new LaneConflictError(
          { lane: current.lane, version: current.version },
          `A request with the idempotency key '${body.idempotencyKey}' is still in progress; retry later for its answer`,
        );
      },
      run,
    });
  }
}

/** One step up within the mesh's lanes, or a 400 naming the lanes. */
function checkPromotion(policy: MeshPolicy, body: LaneChangeRequest) {
  const lanes = policy.lanes.join(' → ');
  if (!policy.lanes.includes(body.from)) {
    throw new InputError(
      `Lane ${body.from} is not a lane of this mesh (lanes: ${lanes})`,
    );
  }
  const next = promotableTo(policy, body.from);
  if (body.to !== next) {
    let why = `${body.to} is not above ${body.from}`;
    if (next === undefined) why = `${body.from} is the top lane`;
    else if (laneRank(body.to) > laneRank(next))
      why = `${body.to} skips ${next}`;
    throw new InputError(
      `A promotion moves one lane up: from ${body.from} only to ${
        next ?? 'no lane'
      }; ${why} (lanes: ${lanes})`,
    );
  }
  checkFirstVersion(body);
}

/** Version 0 means the agent has no lane item, and such an agent runs read_only. */
function checkFirstVersion(body: LaneChangeRequest) {
  if (body.expectedVersion === 0 && body.from !== 'read_only') {
    throw new InputError(
      `expectedVersion 0 means the agent has no lane item yet and runs read_only, not ${body.from}`,
    );
  }
}

/** The answer to a lane change that was written: the lane and version now, and its history entry. */
function applied(
  lane: LaneChangeResponse['lane'],
  entry: LaneChangeResponse['entry'],
): Answer<LaneChangeResponse> {
  return { status: 200, body: { outcome: 'applied', lane, entry } };
}

/** The change a lane change request asks for, written conditional on the version the caller saw. */
/** How the audit log and the bus name each kind of change this service writes. */
const CHANGE_KINDS = {
  promoted: {
    auditEventId: 'lane-promote',
    detailType: PORTAL_EVENT_DETAIL_TYPES.lanePromoted,
  },
  demoted: {
    auditEventId: 'lane-demote',
    detailType: PORTAL_EVENT_DETAIL_TYPES.laneDemoted,
  },
  promotion_requested: {
    auditEventId: 'promotion-request',
    detailType: PORTAL_EVENT_DETAIL_TYPES.promotionRequested,
  },
} as const;

/** What every change shares: who changes which agent of which mesh, through which request, recorded how. */
function changeBy(
  mesh: ResolvedMesh,
  agent: string,
  action: keyof typeof CHANGE_KINDS,
  req?: Request<any, any, any, any, any>,
) {
  return {
    meshRef: mesh.entityRef,
    target: mesh.target,
    actor: actorOf(mesh.credentials),
    agent,
    request: req,
    action,
    ...CHANGE_KINDS[action],
  };
}

function laneWriteOf(body: LaneChangeRequest) {
  return {
    from: body.from,
    to: body.to,
    reason: body.reason,
    laneWrite: {
      from: body.from,
      to: body.to,
      expectedVersion: body.expectedVersion,
    },
  };
}
