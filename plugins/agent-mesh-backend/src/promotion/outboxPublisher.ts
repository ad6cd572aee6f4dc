import { LoggerService } from '@backstage/backend-plugin-api';
import { EventBusService } from '../aws/eventBusService';
import { OutboxEntry } from '../database/OutboxStore';
import { PromotionStores } from '../database/promotionStores';

/** Entries the retry task publishes per run. */
const RETRY_BATCH = 100;

/**
 * Puts outbox entries on their mesh's bus and deletes them once EventBridge took them. A failure stays in the
 * outbox, counted, and the scheduled retry task (`publishPending`) tries again.
 */
export class OutboxPublisher {
  constructor(
    private readonly deps: {
      stores: Pick<PromotionStores, 'outbox'>;
      eventBus: EventBusService;
      logger: LoggerService;
    },
  ) {}

  async publishIds(ids: string[]): Promise<void> {
    for (const id of ids) {
      const entry = await this.deps.stores.outbox.get(id);
      if (entry) await this.publish(entry);
    }
  }

  /** The retry task: every entry left, oldest first. Returns how many were published. */
  async publishPending(): Promise<number> {
    const entries = await this.deps.stores.outbox.listPending(RETRY_BATCH);
    let published = 0;
    for (const entry of entries) {
      if (await this.publish(entry)) published++;
    }
    return published;
  }

  private async publish(entry: OutboxEntry): Promise<boolean> {
    const { outbox } = this.deps.stores;
    try {
      await this.deps.eventBus.publish(
        entry.target,
        entry.busName,
        entry.event,
      );
    } catch (error) {
      const e = error as Error;
      await outbox.markFailed(entry.id, `${e.name}: ${e.message}`);
      this.deps.logger.warn(
        `The ${entry.event.detailType} event of ${
          entry.meshRef
        } stays in the outbox (attempt ${entry.attempts + 1}): ${e.name}: ${
          e.message
        }`,
      );
      return false;
    }
    await outbox.remove(entry.id);
    return true;
  }
}
