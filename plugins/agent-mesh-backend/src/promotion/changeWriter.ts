import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  HistoryAction,
  HistoryEntry,
  Lane,
  LaneVersion,
  meshResourceNames,
  PortalEventDetailType,
} from '@agent-mesh/plugin-agent-mesh-common';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import { Knex } from 'knex';
import { MeshTarget } from '../aws/meshTarget';
import { LaneWriter } from '../aws/laneWriter';
import { PromotionStores } from '../database/promotionStores';
import { OutboxPublisher } from './outboxPublisher';

/** A history row and its bus event, beyond the change's own (e.g. requests a demotion rejects). */
export interface FollowUp {
  action: HistoryAction;
  detailType: PortalEventDetailType;
  agent: string;
  fromLane?: Lane;
  toLane?: Lane;
  reason?: string;
  requestId?: string;
}

/** One change: who, what, on which mesh; with a lane write when the KV item changes. */
export interface Change {
  meshRef: string;
  target: MeshTarget;
  actor: string;
  agent: string;
  /** The auditor's event id, kebab-case, e.g. `lane-promote`. */
  auditEventId: string;
  request?: Request<any, any, any, any, any>;
  action: HistoryAction;
  detailType: PortalEventDetailType;
  from?: Lane;
  to?: Lane;
  reason?: string;
  requestId?: string;
  /** For a run decision: the execution it answered. */
  executionName?: string;
  laneWrite?: { from: Lane; to: Lane; expectedVersion: number };
  /**
   * The change's write outside the database when it is not a lane write (a run decision's answer to Step
   * Functions), made in the lane write's place: after the audit event opens, before the transaction.
   */
  externalWrite?: () => Promise<void>;
  /**
   * More writes in the change's transaction, after its history row (a request row, the idempotency answer).
   * Throwing rolls the transaction back and undoes the lane write.
   */
  inTransaction?: (
    tx: Knex.Transaction,
    result: { entry: HistoryEntry; lane?: LaneVersion },
  ) => Promise<FollowUp[] | void>;
}

/**
 * Writes a change so that nothing is half-written: (a) the auditor event is created (if that fails, nothing is
 * written); (b) the conditional lane write (a conflict fails the audit event, nothing else); (c) one database
 * transaction with the history row, the other rows and the outbox rows (if it fails, the lane write is undone
 * by a conditional write back); (d) the bus events are published from the outbox (a failure stays there for
 * the retry task); (e) the audit event succeeds.
 */
export class ChangeWriter {
  constructor(
    private readonly deps: {
      auditor: AuditorService;
      laneWriter: LaneWriter;
      stores: PromotionStores;
      outbox: OutboxPublisher;
      logger: LoggerService;
      now: () => Date;
    },
  ) {}

  async apply(
    change: Change,
  ): Promise<{ entry: HistoryEntry; lane?: LaneVersion }> {
    const { auditor, laneWriter, stores } = this.deps;
    const at = this.deps.now();
    const audit: AuditorServiceEvent = await auditor.createEvent({
      eventId: change.auditEventId,
      severityLevel: 'medium',
      request: change.request,
      meta: compact({
        actor: change.actor,
        mesh: change.meshRef,
        agent: change.agent,
        from: change.from,
        to: change.to,
        requestId: change.requestId,
      }),
    });

    const table = meshResourceNames(change.target.meshId).kvTable;
    let lane: LaneVersion | undefined;
    try {
      if (change.laneWrite) {
        lane = await laneWriter.writeLane(change.target, table, {
          agent: change.agent,
          ...change.laneWrite,
          actor: change.actor,
          at,
        });
      }
      await change.externalWrite?.();
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }

    let written: { entry: HistoryEntry; outboxIds: string[] };
    try {
      written = await stores.transaction(async tx => {
        const entry = await stores.history.append(
          {
            meshRef: change.meshRef,
            at: at.getTime(),
            actor: change.actor,
            action: change.action,
            agent: change.agent,
            fromLane: change.from,
            toLane: change.to,
            version: lane?.version,
            reason: change.reason,
            requestId: change.requestId,
            executionName: change.executionName,
          },
          tx,
        );
        const followUps =
          (await change.inTransaction?.(tx, { entry, lane })) ?? [];
        const events = [
          {
            detailType: change.detailType,
            agent: change.agent,
            from: change.from,
            to: change.to,
            version: lane?.version,
            reason: change.reason,
            requestId: change.requestId,
            executionName: change.executionName,
          },
        ];
        for (const f of followUps) {
          await stores.history.append(
            {
              meshRef: change.meshRef,
              at: at.getTime(),
              actor: change.actor,
              action: f.action,
              agent: f.agent,
              fromLane: f.fromLane,
              toLane: f.toLane,
              reason: f.reason,
              requestId: f.requestId,
            },
            tx,
          );
          events.push({
            detailType: f.detailType,
            agent: f.agent,
            from: f.fromLane,
            to: f.toLane,
            version: undefined,
            reason: f.reason,
            requestId: f.requestId,
            executionName: undefined,
          });
        }
        const outboxIds: string[] = [];
        for (const e of events) {
          outboxIds.push(
            await stores.outbox.add(
              {
                meshRef: change.meshRef,
                target: change.target,
                busName: meshResourceNames(change.target.meshId).eventBus,
                event: {
                  detailType: e.detailType,
                  time: at,
                  detail: compactDetail({
                    meshId: change.target.meshId,
                    agent: e.agent,
                    from: e.from,
                    to: e.to,
                    version: e.version,
                    actor: change.actor,
                    reason: e.reason,
                    requestId: e.requestId,
                    executionName: e.executionName,
                  }),
                },
              },
              tx,
            ),
          );
        }
        return { entry, outboxIds };
      });
    } catch (error) {
      if (change.laneWrite && lane) {
        await this.undoLaneWrite(change, table, lane, at);
      }
      await audit.fail({ error: error as Error });
      throw error;
    }

    // The change is committed: what follows can only be late, never undo it.
    try {
      await this.deps.outbox.publishIds(written.outboxIds);
    } catch (error) {
      this.deps.logger.warn(
        `Bus events of ${
          change.meshRef
        } stay in the outbox for the retry task: ${(error as Error).message}`,
      );
    }
    try {
      await audit.success({
        meta: compact({ historyId: written.entry.id, version: lane?.version }),
      });
    } catch (error) {
      this.deps.logger.error(
        `The audit event ${change.auditEventId} of history row ${written.entry.id} could not be completed`,
        error as Error,
      );
    }
    return { entry: written.entry, lane };
  }

  /** Puts the lane back, conditional on nobody having changed it since; a failure is logged for an operator. */
  private async undoLaneWrite(
    change: Change,
    table: string,
    lane: LaneVersion,
    at: Date,
  ) {
    const write = change.laneWrite!;
    try {
      await this.deps.laneWriter.writeLane(change.target, table, {
        agent: change.agent,
        from: write.to,
        to: write.from,
        expectedVersion: lane.version,
        actor: change.actor,
        at,
      });
    } catch (undoError) {
      this.deps.logger.error(
        `Could not undo the lane write of ${change.agent} in ${change.meshRef} (now ${write.to} at version ${lane.version}) after the history write failed`,
        undoError as Error,
      );
    }
  }
}

function compact(meta: Record<string, unknown>): JsonObject {
  return Object.fromEntries(
    Object.entries(meta).filter(([, v]) => v !== undefined),
  ) as JsonObject;
}

function compactDetail<T extends object>(detail: T): T {
  return compact(detail as Record<string, unknown>) as unknown as T;
}
