import {
  AGENT_NAME_PATTERN,
  LANES,
  MESH_ID_PATTERN,
  isLane,
} from '@agent-mesh/plugin-agent-mesh-common';
import { Token } from 'aws-cdk-lib';
import { PropsErrors } from './props-errors';

const LANE_LIST = LANES.join(', ');

/** Checks a mesh id against the common package's pattern. */
export function checkMeshId(
  errors: PropsErrors,
  prop: string,
  meshId: unknown,
): void {
  errors.check(
    typeof meshId === 'string' && MESH_ID_PATTERN.test(meshId),
    prop,
    `"${String(
      meshId,
    )}" is not a valid mesh id; use 3-32 lowercase letters, digits and single hyphens, starting with a letter (e.g. "billing-dev")`,
  );
}

/** Checks an agent list: non-empty, valid names, no duplicates, optionally containing required agents. */
export function checkAgents(
  errors: PropsErrors,
  prop: string,
  agents: readonly string[] | undefined,
  required: readonly string[] = [],
): void {
  if (!agents || agents.length === 0) {
    errors.check(
      false,
      prop,
      'must list at least one agent (e.g. ["conductor", "critic", "sweeper"])',
    );
    return;
  }
  for (const agent of agents) {
    errors.check(
      AGENT_NAME_PATTERN.test(agent),
      prop,
      `"${agent}" is not a valid agent name; use 2-24 lowercase letters, digits and single hyphens, starting with a letter`,
    );
  }
  const duplicates = agents.filter((a, i) => agents.indexOf(a) !== i);
  errors.check(
    duplicates.length === 0,
    prop,
    `lists ${[...new Set(duplicates)].join(', ')} more than once`,
  );
  const missing = required.filter(r => !agents.includes(r));
  errors.check(
    missing.length === 0,
    prop,
    `must include the core agents ${required.join(
      ', ',
    )} (missing: ${missing.join(', ')})`,
  );
}

/** Checks that every value is a known lane. */
export function checkLanes(
  errors: PropsErrors,
  prop: string,
  lanes: readonly unknown[],
): void {
  if (lanes.length === 0) {
    errors.check(
      false,
      prop,
      `must list at least one lane out of ${LANE_LIST}`,
    );
  }
  for (const lane of lanes) {
    errors.check(
      isLane(lane),
      prop,
      `unknown lane "${String(lane)}"; allowed lanes are ${LANE_LIST}`,
    );
  }
}

/** Checks a positive number; tokens are accepted because they resolve at deploy time. */
export function checkPositive(
  errors: PropsErrors,
  prop: string,
  value: number | undefined,
): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  errors.check(
    Number.isFinite(value) && value > 0,
    prop,
    `must be a number greater than 0 (got ${value})`,
  );
}
