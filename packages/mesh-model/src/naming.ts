import type { Lane } from './lanes';

/**
 * A mesh id: lowercase letters, digits and single hyphens, starting with a letter, 3 to 32 characters.
 * The bound keeps every derived AWS name (the longest is a state machine name) inside AWS limits.
 *
 * @public
 */
export const MESH_ID_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){2,31}$/;

/**
 * An agent name, by the same rule as a mesh id but at most 24 characters.
 *
 * @public
 */
export const AGENT_NAME_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,23}$/;

/**
 * The names of a mesh's AWS resources. The backend finds resources by these names, never by tag lookups.
 *
 * @public
 */
export function meshResourceNames(meshId: string) {
  const prefix = `agent-mesh-${meshId}`;
  return {
    prefix,
    kvTable: `${prefix}-kv`,
    eventBus: prefix,
    subtaskQueue: `${prefix}-subtasks`,
    /** The queue the portal reads approval requests from (an EventBridge rule on the bus fills it). */
    approvalQueue: `${prefix}-approvals`,
    orchestrationStateMachine: `${prefix}-orchestration`,
    sweeperStateMachine: `${prefix}-sweeper`,
    alarmPrefix: `${prefix}-`,
    dashboard: prefix,
  };
}

/**
 * The mesh's artifacts bucket. S3 names are global and at most 63 characters, so the account id is part of the
 * name and the word is short: `agent-mesh-<mesh-id>-art-<account>` is at most 60 characters for a 32-character id.
 *
 * @public
 */
export function artifactsBucketName(meshId: string, accountId: string): string {
  return `${meshResourceNames(meshId).prefix}-art-${accountId}`;
}

/**
 * Where an agent's evidence for promotion gates lives in the artifacts bucket: `evidence/<agent>/`.
 *
 * @public
 */
export function agentEvidencePrefix(agent: string): string {
  return `evidence/${agent}/`;
}

/**
 * The KV item that holds an agent's lane: `pk = agent#<agent>`, `sk = lane`, with `lane`, `version` (a number
 * that every change raises by one; 0 means the agent has no item yet), `updatedAt` and `updatedBy`.
 *
 * @public
 */
export function laneItemKey(agent: string): { pk: string; sk: string } {
  return { pk: `agent#${agent}`, sk: 'lane' };
}

/**
 * The tags every AWS resource of a mesh carries; Cost Explorer attributes cost by them.
 *
 * @public
 */
export const AGENT_MESH_TAGS = {
  mesh: 'agent-mesh:mesh',
  agent: 'agent-mesh:agent',
  lane: 'agent-mesh:lane',
  tier: 'agent-mesh:tier',
} as const;

/**
 * Execution names encode the agent and lane so a page of `ListExecutions` can be attributed without
 * describing each run: `<agent>--<lane>--<unique suffix>`. Step Functions allows 80 characters from
 * `[A-Za-z0-9_-]`, which the agent pattern and lane names respect.
 *
 * @public
 */
export function executionName(
  agent: string,
  lane: Lane,
  uniqueSuffix: string,
): string {
  return `${agent}--${lane}--${uniqueSuffix}`.slice(0, 80);
}

/**
 * Reads the agent and lane back from an execution name, or undefined if the name does not follow the convention.
 *
 * @public
 */
export function parseExecutionName(
  name: string,
): { agent: string; lane: Lane } | undefined {
  const match = /^([a-z][a-z0-9-]*)--(read_only|dry_run|execute)--/.exec(name);
  return match ? { agent: match[1], lane: match[2] as Lane } : undefined;
}

/**
 * The `source` of every event the portal puts on a mesh's bus.
 *
 * @public
 */
export const PORTAL_EVENT_SOURCE = 'agent-mesh.portal';

/**
 * The `detail-type` of each change the portal puts on a mesh's bus. The detail is
 * `{ meshId, agent, from, to, version, actor, reason, requestId?, executionName? }`.
 *
 * @public
 */
export const PORTAL_EVENT_DETAIL_TYPES = {
  lanePromoted: 'agent-mesh.lane.promoted',
  laneDemoted: 'agent-mesh.lane.demoted',
  promotionRequested: 'agent-mesh.promotion.requested',
  promotionApproved: 'agent-mesh.promotion.approved',
  promotionRejected: 'agent-mesh.promotion.rejected',
  promotionExpired: 'agent-mesh.promotion.expired',
  runApproved: 'agent-mesh.run.approved',
  runRejected: 'agent-mesh.run.rejected',
} as const;

/** @public */
export type PortalEventDetailType =
  (typeof PORTAL_EVENT_DETAIL_TYPES)[keyof typeof PORTAL_EVENT_DETAIL_TYPES];
