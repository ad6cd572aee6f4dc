import { Knex } from 'knex';
import { AwsTarget } from '../aws/awsClientFactory';
import { PortalEvent } from '../aws/eventBusService';

/** A bus event waiting to be put on its mesh's bus. */
export interface OutboxEntry {
  id: string;
  meshRef: string;
  target: AwsTarget;
  busName: string;
  event: PortalEvent;
  attempts: number;
}

/**
 * Bus events written in the same transaction as their change, so a change is never without its event: the
 * writer publishes right after the commit, and a scheduled task retries what is left.
 */
export interface OutboxStore {
  add(
    entry: Omit<OutboxEntry, 'id' | 'attempts'>,
    tx?: Knex.Transaction,
  ): Promise<string>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /** Oldest first. */
  listPending(limit: number): Promise<OutboxEntry[]>;
  /** Deletes a published entry. */
  remove(id: string): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
}
