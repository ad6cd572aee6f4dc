import { LANES, Lane, agentEventSource } from '@agent-mesh/mesh-model';
import {
  DRY_RUN_DETAIL_TYPE_PREFIX,
  DRY_RUN_KEY_PREFIX,
  DRY_RUN_OBJECT_PREFIX,
} from '../naming/task-families';

/** Every agent's event source starts with this (see `agentEventSource`). */
const AGENT_SOURCE_PREFIX = agentEventSource('');

/** A policy statement as it appears in a synthesized template. */
export interface TemplateStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
  readonly Sid?: string;
}

const READ_ACTION =
  /^[a-z0-9-]+:(Get|List|Describe|Query|Scan|BatchGet)[A-Za-z]*$/;

/** True for an action that only reads. Anything else counts as a write, including `*` wildcards. */
export function isReadAction(action: string): boolean {
  return READ_ACTION.test(action) && !action.includes('*');
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const flat = (resource: unknown) =>
  typeof resource === 'string' ? resource : JSON.stringify(resource);

/**
 * Checks one statement of a lane role against the lane rules and returns the violations
 * (empty when the statement complies). `meshResourceIds` are the template's logical ids of this
 * mesh's resources, which an execute write must name.
 */
export function laneRuleViolations(
  lane: Lane,
  statement: TemplateStatement,
  meshResourceIds: readonly string[],
): string[] {
  if (!LANES.includes(lane)) return [`unknown lane ${lane}`];
  if (statement.Effect === 'Deny') return [];
  const writes = asArray(statement.Action).filter(a => !isReadAction(a));
  if (writes.length === 0) return [];
  const where = `${statement.Sid ?? 'statement'} (${writes.join(', ')})`;
  const resources = asArray(statement.Resource).map(flat);
  if (lane === 'read_only')
    return [`${where}: a read_only role holds a write action`];
  const sources = asArray(statement.Condition?.StringEquals?.['events:source']);
  if (
    writes.includes('events:PutEvents') &&
    (sources.length === 0 ||
      !sources.every(s => s.startsWith(AGENT_SOURCE_PREFIX)))
  ) {
    return [
      `${where}: events:PutEvents not limited by events:source to the agent's own source`,
    ];
  }
  if (resources.some(r => r === '*')) {
    return [`${where}: a write on a "*" resource`];
  }
  const namesMeshResource = (r: string) =>
    meshResourceIds.some(id => r.includes(`"${id}"`));
  if (lane === 'execute') {
    return resources.every(namesMeshResource)
      ? []
      : [`${where}: writes to a resource outside the mesh`];
  }
  // dry_run: every write must be confined to a dry-run prefix, key or event type.
  const violations: string[] = [];
  for (const action of writes) {
    const [service] = action.split(':');
    if (service === 's3') {
      if (
        !resources.every(
          r =>
            r.endsWith(`/${DRY_RUN_OBJECT_PREFIX}*"]]}`) ||
            r.endsWith(`/${DRY_RUN_OBJECT_PREFIX}*`),
        )
      ) {
        violations.push(`${where}: S3 write outside ${DRY_RUN_OBJECT_PREFIX}`);
      }
    } else if (service === 'dynamodb') {
      const keys = asArray(
        statement.Condition?.['ForAllValues:StringLike']?.[
          'dynamodb:LeadingKeys'
        ],
      );
      if (
        keys.length === 0 ||
        !keys.every(k => k.startsWith(DRY_RUN_KEY_PREFIX))
      ) {
        violations.push(
          `${where}: DynamoDB write not limited to ${DRY_RUN_KEY_PREFIX} keys`,
        );
      }
    } else if (service === 'events') {
      const types = asArray(
        statement.Condition?.StringLike?.['events:detail-type'],
      );
      if (
        types.length === 0 ||
        !types.every(t => t.startsWith(DRY_RUN_DETAIL_TYPE_PREFIX))
      ) {
        violations.push(
          `${where}: events not limited to ${DRY_RUN_DETAIL_TYPE_PREFIX}* detail-types`,
        );
      }
    } else {
      violations.push(`${where}: ${service} write has no dry-run boundary`);
    }
  }
  return violations;
}
