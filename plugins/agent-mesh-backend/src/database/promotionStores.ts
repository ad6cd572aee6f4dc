import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { IdempotencyStore } from './IdempotencyStore';
import { KnexHistoryStore } from './KnexHistoryStore';
import { KnexIdempotencyStore } from './KnexIdempotencyStore';
import { KnexOutboxStore } from './KnexOutboxStore';
import { KnexPromotionRequestStore } from './KnexPromotionRequestStore';
import { OutboxStore } from './OutboxStore';
import { PromotionRequestStore } from './PromotionRequestStore';

/** The stores of lane promotions, on one database so one transaction spans them. */
export interface PromotionStores {
  history: KnexHistoryStore;
  requests: PromotionRequestStore;
  idempotency: IdempotencyStore;
  outbox: OutboxStore;
  /** Runs `work` in one database transaction: all of its writes commit together, or none. */
  transaction<T>(work: (tx: Knex.Transaction) => Promise<T>): Promise<T>;
}

/** Builds the stores on the plugin database, migrating it first unless migrations are skipped. */
export async function createPromotionStores(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
}): Promise<PromotionStores> {
  const db = await options.database.getClient();
  if (!options.database.migrations?.skip && !options.skipMigrations) {
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@agent-mesh/plugin-agent-mesh-backend',
        'migrations',
      ),
    });
  }
  return {
    history: new KnexHistoryStore(db),
    requests: new KnexPromotionRequestStore(db),
    idempotency: new KnexIdempotencyStore(db),
    outbox: new KnexOutboxStore(db),
    transaction: work => db.transaction(work),
  };
}
