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
    alarmPrefix: `${prefix}/`,
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
  /**
   * The catalog entity ref of the mesh's System (`system:<namespace>/<name>`), when its configuration names one.
   * The portal trusts an entity for a mesh only when the mesh's state machine carries `mesh` = its mesh id and,
   * if present, this tag = its ref.
   */
  entity: 'agent-mesh:entity',
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
  // A run started by hand can be named anything: only a valid agent name attributes it.
  if (!match || !AGENT_NAME_PATTERN.test(match[1])) return undefined;
  return { agent: match[1], lane: match[2] as Lane };
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

/**
 * The AWS limits of the names a mesh derives, in characters. {@link boundedName} keeps a name inside one.
 *
 * @public
 */
export const AWS_NAME_LIMITS = {
  eventArchive: 48,
  eventRule: 64,
  iamRole: 64,
  lambdaFunction: 64,
  sqsQueue: 80,
  stateMachine: 80,
  logGroup: 512,
  alarm: 255,
  taskDefinitionFamily: 255,
  dynamodbTable: 255,
  secret: 512,
  snsTopic: 256,
  ecrRepository: 256,
  budget: 100,
  dashboard: 255,
  s3Bucket: 63,
  ecsCluster: 255,
  eventBus: 256,
} as const;

/**
 * FNV-1a over the UTF-16 code units: a small deterministic hash, the same in the backend and the constructs
 * (bounded names; the backend's refresh shards).
 *
 * @public
 */
export function fnv1a(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * `name` when it fits `maxLength`; otherwise its start cut so that `-<6-character hash of the whole name>` fits
 * after it. Deterministic, so the backend derives the same name as the constructs: `agent-mesh-<id>-` stays
 * readable at the front, and two long names that differ only at the end still differ.
 *
 * @public
 */
export function boundedName(name: string, maxLength: number): string {
  if (name.length <= maxLength) {
    return name;
  }
  const hash = fnv1a(name).toString(36).padStart(7, '0').slice(-6);
  const head = name
    .slice(0, maxLength - hash.length - 1)
    .replace(/[-_/.]+$/, '');
  return `${head}-${hash}`;
}

/**
 * The name of a resource of one agent, `agent-mesh-<mesh-id>-<agent>-<suffix>`, inside `maxLength`
 * (see {@link boundedName}).
 *
 * @public
 */
export function agentResourceName(
  meshId: string,
  agent: string,
  suffix: string,
  maxLength: number,
): string {
  return boundedName(
    `${meshResourceNames(meshId).prefix}-${agent}-${suffix}`,
    maxLength,
  );
}

/**
 * The mesh bus's event archive, `agent-mesh-<mesh-id>-archive`, shortened to the 48 characters archives allow.
 *
 * @public
 */
export function eventArchiveName(meshId: string): string {
  return boundedName(
    `${meshResourceNames(meshId).prefix}-archive`,
    AWS_NAME_LIMITS.eventArchive,
  );
}

/**
 * The ECR repository of a mesh's agent images: `agent-mesh/<mesh-id>/agent`.
 *
 * @public
 */
export function agentImageRepositoryName(meshId: string): string {
  return `agent-mesh/${meshId}/agent`;
}

/**
 * An image tag agents can be started from: ECR's tag rules (1 to 128 of letters, digits, `_`, `.` and `-`, not
 * starting with `.` or `-`), and never `latest`, since the mesh's repository has immutable tags.
 *
 * @public
 */
export const IMAGE_TAG_PATTERN =
  /^(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * The image tag a new mesh starts with; the image must be pushed to the mesh's repository before the first run.
 *
 * @public
 */
export const DEFAULT_IMAGE_TAG = 'v1';

/**
 * The `source` of the events an agent may put on its mesh's bus: `agent-mesh.agent.<agent>`. Its task roles
 * can put no other source, so an agent cannot pass for the orchestration, the portal or a webhook.
 *
 * @public
 */
export function agentEventSource(agent: string): string {
  return `agent-mesh.agent.${agent}`;
}
