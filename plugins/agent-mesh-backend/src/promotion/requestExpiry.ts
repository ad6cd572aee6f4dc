import { ConflictError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { PORTAL_EVENT_DETAIL_TYPES } from '@agent-mesh/plugin-agent-mesh-common';
import { PromotionStores } from '../database/promotionStores';
import { StoredPromotionRequest } from '../database/PromotionRequestStore';
import { ChangeWriter } from './changeWriter';

/** The actor of what nobody did: an expiry. */
export const SYSTEM_ACTOR = 'system';

/**
 * Ends pending requests whose lifetime is over: each gets status `expired`, a `request_expired` history row by
 * `system`, an audit event and a bus event. Run by a scheduled task (scope global) and lazily by reads and
 * decisions, so an expired request is never answered as pending.
 */
export class RequestExpiry {
  constructor(
    private readonly deps: {
      stores: PromotionStores;
      writer: ChangeWriter;
      logger: LoggerService;
      now: () => Date;
    },
  ) {}

  /** Expires what is due, of one mesh or of all; returns how many it expired. */
  async expireDue(meshRef?: string): Promise<number> {
    const due = await this.deps.stores.requests.listExpired(
      this.deps.now().getTime(),
      meshRef,
    );
    let expired = 0;
    for (const request of due) {
      try {
        if (await this.expire(request)) expired++;
      } catch (error) {
        this.deps.logger.warn(
          `Could not expire promotion request ${request.id} of ${
            request.meshRef
          }: ${(error as Error).message}`,
        );
      }
    }
    return expired;
  }

  /** True when it expired the request; false when someone decided it first. */
  async expire(request: StoredPromotionRequest): Promise<boolean> {
    const reason = `Not approved within its lifetime (expired at ${request.expiresAt})`;
    try {
      await this.deps.writer.apply({
        meshRef: request.meshRef,
        target: request.target,
        actor: SYSTEM_ACTOR,
        agent: request.agent,
        auditEventId: 'promotion-request-expire',
        action: 'request_expired',
        detailType: PORTAL_EVENT_DETAIL_TYPES.promotionExpired,
        from: request.from,
        to: request.to,
        reason,
        requestId: request.id,
        inTransaction: async tx => {
          const decided = await this.deps.stores.requests.decide(
            request.id,
            {
              status: 'expired',
              decidedBy: SYSTEM_ACTOR,
              decidedAt: this.deps.now().getTime(),
              decisionReason: reason,
            },
            tx,
          );
          if (!decided) throw new ConflictError('already decided');
        },
      });
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }
}
