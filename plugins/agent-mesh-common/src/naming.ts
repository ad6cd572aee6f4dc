import { Lane } from './lanes';

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
    orchestrationStateMachine: `${prefix}-orchestration`,
    sweeperStateMachine: `${prefix}-sweeper`,
    alarmPrefix: `${prefix}-`,
    dashboard: prefix,
  };
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
