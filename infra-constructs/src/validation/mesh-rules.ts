import {
  AGENT_NAME_PATTERN,
  IMAGE_TAG_PATTERN,
  LANES,
  Lane,
  MESH_ID_PATTERN,
  TIERS,
  TIER_FACTS,
  Tier,
  isLane,
} from '@agent-mesh/mesh-model';
import { Token } from 'aws-cdk-lib';
import {
  MESH_ENVIRONMENTS,
  MeshEnvironment,
} from '../observability/log-retention';
import {
  EXECUTE_APPROVALS,
  MeshApprovals,
  isExecuteApproval,
} from '../orchestration/approval-policy';
import { catalogEntityRefProblem } from '../naming/mesh-tags';
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

/** {@link checkPositive} for each prop of `values` (name to value). */
export function checkPositives(
  errors: PropsErrors,
  values: Readonly<Record<string, number | undefined>>,
): void {
  for (const [prop, value] of Object.entries(values)) {
    checkPositive(errors, prop, value);
  }
}

/** Checks that a lane, when given, is a known lane and one of `available` (the lanes `owner` has). */
export function checkLaneIn(
  errors: PropsErrors,
  prop: string,
  lane: Lane | undefined,
  available: readonly Lane[],
  owner: string,
): void {
  if (lane === undefined) {
    return;
  }
  errors.check(
    isLane(lane),
    prop,
    `unknown lane "${String(lane)}"; allowed lanes are ${LANE_LIST}`,
  );
  errors.check(
    !isLane(lane) || available.includes(lane),
    prop,
    `${owner} has only the lanes ${available.join(', ')}`,
  );
}

/** Checks the approval policy of `execute` runs, when given. */
export function checkApprovals(
  errors: PropsErrors,
  prop: string,
  approvals: MeshApprovals | undefined,
): void {
  const execute = approvals?.execute;
  errors.check(
    execute === undefined || isExecuteApproval(execute),
    `${prop}.execute`,
    `"${String(
      execute,
    )}" is not an approval policy; use one of ${EXECUTE_APPROVALS.join(', ')}`,
  );
}

/** Checks an environment, when given. */
export function checkEnvironment(
  errors: PropsErrors,
  prop: string,
  environment: MeshEnvironment | undefined,
): void {
  errors.check(
    environment === undefined || MESH_ENVIRONMENTS.includes(environment),
    prop,
    `"${environment}" is not an environment; use one of ${MESH_ENVIRONMENTS.join(
      ', ',
    )}`,
  );
}

/**
 * Why `tier` cannot have these webhook integrations, or undefined when it can (see `TIER_FACTS[tier].integrations`).
 */
export function tierIntegrationsProblem(
  tier: Tier,
  integrations: readonly string[],
): string | undefined {
  if (TIER_FACTS[tier].integrations || integrations.length === 0) {
    return undefined;
  }
  const withIntegrations = TIERS.filter(t => TIER_FACTS[t].integrations);
  return `the ${tier} tier has no webhook integrations; choose ${withIntegrations.join(
    ' or ',
  )}`;
}

/** Checks an e-mail address, when given. */
export function checkEmail(
  errors: PropsErrors,
  prop: string,
  email: string | undefined,
): void {
  errors.check(
    email === undefined || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email),
    prop,
    `"${email}" is not an e-mail address`,
  );
}

/** Checks an image tag, when given: ECR's tag rules, and not `latest` (the mesh's repository has immutable tags). */
export function checkImageTag(
  errors: PropsErrors,
  prop: string,
  tag: unknown,
): void {
  errors.check(
    tag === undefined ||
      (typeof tag === 'string' && IMAGE_TAG_PATTERN.test(tag)),
    prop,
    `${JSON.stringify(
      tag,
    )} is not an image tag the mesh's repository takes; use 1-128 letters, digits, "_", "." and "-", not starting with "." or "-", and not "latest" (tags are immutable; push each build under a new tag such as "v2")`,
  );
}

const SECRET_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Checks the secrets of a mesh, when given: valid unique names, known lanes, and no secret that can write outside
 * the mesh given to `read_only`.
 */
export function checkSecrets(
  errors: PropsErrors,
  prop: string,
  secrets:
    | ReadonlyArray<{
        readonly name: unknown;
        readonly lanes: readonly unknown[];
        readonly canWrite?: unknown;
      }>
    | undefined,
): void {
  if (secrets === undefined) {
    return;
  }
  const names = secrets.map(s => s.name);
  secrets.forEach((secret, i) => {
    const at = `${prop}[${i}]`;
    errors.check(
      typeof secret.name === 'string' && SECRET_NAME_PATTERN.test(secret.name),
      `${at}.name`,
      `${JSON.stringify(
        secret.name,
      )} is not a secret name; use 1-64 lowercase letters, digits and hyphens`,
    );
    errors.check(
      names.indexOf(secret.name) === i,
      `${at}.name`,
      `${JSON.stringify(secret.name)} is declared more than once`,
    );
    if (!Array.isArray(secret.lanes)) {
      errors.check(false, `${at}.lanes`, `must list lanes out of ${LANE_LIST}`);
      return;
    }
    checkLanes(errors, `${at}.lanes`, secret.lanes);
    errors.check(
      !(secret.canWrite === true && secret.lanes.includes('read_only')),
      `${at}.lanes`,
      `${JSON.stringify(
        secret.name,
      )} can write outside the mesh, so read_only may not read it; give it to dry_run and execute only`,
    );
  });
}

/** Checks an optional catalog entity ref (`system:<namespace>/<name>`, fit for an AWS tag value). */
export function checkCatalogEntityRef(
  errors: PropsErrors,
  prop: string,
  ref: unknown,
): void {
  if (ref === undefined) return;
  const problem = catalogEntityRefProblem(ref);
  errors.check(problem === undefined, prop, problem ?? '');
}
