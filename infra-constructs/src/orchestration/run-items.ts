import { KV_TTL_ATTRIBUTE } from '../bus/agent-bus';

/**
 * How the conductor workflow hands a run's task, plan and review to the plan, review and execute containers:
 * by key in the mesh's KV table, never inline in ECS container overrides (limited to 8,192 characters in all).
 * The workflow writes one item per part, `{ pk: 'run#<executionName>', sk: <part>, body: <JSON text>, expiresAt }`,
 * and passes the partition key in the container's environment (`AGENT_MESH_RUN_KEY`); a container reads the
 * parts it needs with GetItem (every task role reads the table). The items expire (DynamoDB TTL on `expiresAt`,
 * epoch seconds) `retentionDays` after the run started, computed in the workflow (see `runExpiryStates`).
 *
 * @public
 */
export const RUN_ITEMS = {
  /** The environment variable holding the partition key of the run's items. */
  keyVariable: 'AGENT_MESH_RUN_KEY',
  /** The attribute holding a part's JSON text. */
  bodyAttribute: 'body',
  /** The attribute holding when the item expires, in epoch seconds: the KV table's TTL attribute. */
  expiresAtAttribute: KV_TTL_ATTRIBUTE,
  /** Days a run's items are kept after the run started (far longer than any run lasts). */
  retentionDays: 30,
  /** The sort keys of the parts: the run input's `task`, the plan step's answer, the review step's answer. */
  parts: { task: 'task', plan: 'plan', review: 'review' },
} as const;

/** A part of a run handed to its containers by key. @public */
export type RunItemPart = keyof typeof RUN_ITEMS.parts;

/** The partition key of the items of the run `executionName`. @public */
export function runItemPartitionKey(executionName: string): string {
  return `run#${executionName}`;
}
