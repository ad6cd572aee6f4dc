import {
  IMAGE_TAG_PATTERN,
  isTier,
  Lane,
  Tier,
  TIERS,
} from '@agent-mesh/mesh-model';
import * as fs from 'node:fs';
import {
  EXECUTE_APPROVALS,
  ExecuteApproval,
  MeshApprovals,
  isExecuteApproval,
} from '../orchestration/approval-policy';
import { catalogEntityRefProblem } from '../naming/mesh-tags';
import { tierIntegrationsProblem } from '../validation/mesh-rules';

/**
 * The data file a generated mesh repository's CDK app reads; the Backstage templates render user input only
 * into it.
 *
 * @public
 */
export const MESH_CONFIG_FILE = 'mesh.config.json';

/**
 * The content of `mesh.config.json`. {@link parseMeshConfig} checks its shape and the two values the stack does
 * not take (account and region); the rules of every other value (mesh id pattern, core agents, lanes of the
 * tier, budget, environment, integration providers) are the tier stack's own props validation, run when the
 * stack is constructed.
 *
 * @public
 */
export interface MeshConfig {
  meshId: string;
  tier: Tier;
  environment: string;
  /** The AWS account the mesh deploys to; the deploy workflow assumes a role in it. */
  awsAccountId: string;
  /** The AWS region the mesh deploys to. */
  region: string;
  agents: string[];
  initialLane: string;
  monthlyBudgetUsd: number;
  /**
   * Who is told about alarms and the budget.
   * @default nobody
   */
  alarmEmail?: string;
  integrations: string[];
  /**
   * Who must approve what at the approval gate (tiers with `TIER_FACTS[tier].approvalGate`).
   * @default `{ execute: 'always' }`: every run in the `execute` lane waits for a person
   */
  approvals?: MeshApprovals;
  /**
   * The tag of the agents' image in the mesh's ECR repository `agent-mesh/<meshId>/agent`: ECR's tag rules, and
   * not `latest` (the repository's tags are immutable). The image must be pushed under it before the first run.
   * @default DEFAULT_IMAGE_TAG ('v1')
   */
  imageTag?: string;
  /**
   * The secrets of the mesh and the lanes that may read each, e.g. `[{ "name": "model-api-key", "lanes":
   * ["read_only", "dry_run", "execute"] }]`; `canWrite: true` marks a credential that can change something outside
   * the mesh, which `read_only` may not get.
   * @default the model API key, for every lane
   */
  secrets?: Array<{ name: string; lanes: Lane[]; canWrite?: boolean }>;
  /**
   * The catalog entity ref of the System the template registered for the mesh, `system:<namespace>/<name>`
   * (e.g. `system:default/payments-dev`). Every resource is tagged `agent-mesh:entity` with it, and the portal
   * trusts only that entity for the mesh.
   * @default no `agent-mesh:entity` tag
   */
  catalogEntityRef?: string;
}

const ACCOUNT_PATTERN = /^\d{12}$/;
const REGION_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(v => typeof v === 'string');
}

/**
 * Checks the shape of parsed `mesh.config.json` content. Collects every problem and throws one `Error` naming
 * each field and what is allowed; `source` is how the message names the file.
 *
 * @public
 */
export function parseMeshConfig(
  data: unknown,
  source: string = MESH_CONFIG_FILE,
): MeshConfig {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${source} must hold a JSON object`);
  }
  const raw = data as Record<string, unknown>;
  const problems: string[] = [];
  const need = (ok: boolean, key: string, message: string) => {
    if (!ok) problems.push(`${key}: ${message}`);
  };
  for (const key of [
    'meshId',
    'environment',
    'initialLane',
    'awsAccountId',
    'region',
  ]) {
    need(typeof raw[key] === 'string', key, 'must be a string');
  }
  need(isTier(raw.tier), 'tier', `must be one of ${TIERS.join(', ')}`);
  need(isStringArray(raw.agents), 'agents', 'must be a list of agent names');
  need(
    typeof raw.monthlyBudgetUsd === 'number',
    'monthlyBudgetUsd',
    'must be a number',
  );
  need(
    raw.alarmEmail === undefined ||
      raw.alarmEmail === null ||
      typeof raw.alarmEmail === 'string',
    'alarmEmail',
    'must be a string or null',
  );
  need(
    raw.integrations === undefined || isStringArray(raw.integrations),
    'integrations',
    'must be a list of providers',
  );
  if (typeof raw.awsAccountId === 'string') {
    need(
      ACCOUNT_PATTERN.test(raw.awsAccountId),
      'awsAccountId',
      `${JSON.stringify(
        raw.awsAccountId,
      )} is not an AWS account id; use its 12 digits`,
    );
  }
  if (typeof raw.region === 'string') {
    need(
      REGION_PATTERN.test(raw.region),
      'region',
      `${JSON.stringify(
        raw.region,
      )} is not an AWS region name (e.g. "eu-west-1")`,
    );
  }
  const approvals = raw.approvals;
  const approvalsIsObject =
    typeof approvals === 'object' &&
    approvals !== null &&
    !Array.isArray(approvals);
  need(
    approvals === undefined || approvals === null || approvalsIsObject,
    'approvals',
    'must be an object such as { "execute": "always" }',
  );
  if (approvalsIsObject) {
    const execute = (approvals as Record<string, unknown>).execute;
    need(
      execute === undefined || isExecuteApproval(execute),
      'approvals.execute',
      `${JSON.stringify(
        execute,
      )} is not an approval policy; use one of ${EXECUTE_APPROVALS.map(a =>
        JSON.stringify(a),
      ).join(', ')}`,
    );
  }
  need(
    raw.imageTag === undefined ||
      (typeof raw.imageTag === 'string' &&
        IMAGE_TAG_PATTERN.test(raw.imageTag)),
    'imageTag',
    `${JSON.stringify(
      raw.imageTag,
    )} is not an image tag; use 1-128 letters, digits, "_", "." and "-", not starting with "." or "-", and not "latest" (the repository's tags are immutable)`,
  );
  const secrets = raw.secrets;
  const secretsOk =
    Array.isArray(secrets) &&
    secrets.every(
      s =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as Record<string, unknown>).name === 'string' &&
        isStringArray((s as Record<string, unknown>).lanes) &&
        ['undefined', 'boolean'].includes(
          typeof (s as Record<string, unknown>).canWrite,
        ),
    );
  need(
    secrets === undefined || secretsOk,
    'secrets',
    'must be a list such as [{ "name": "model-api-key", "lanes": ["read_only", "dry_run", "execute"] }] (optional "canWrite": true)',
  );
  const entityRefProblem =
    raw.catalogEntityRef === undefined
      ? undefined
      : catalogEntityRefProblem(raw.catalogEntityRef);
  need(
    entityRefProblem === undefined,
    'catalogEntityRef',
    entityRefProblem ?? '',
  );
  const integrations = isStringArray(raw.integrations) ? raw.integrations : [];
  const integrationsProblem = isTier(raw.tier)
    ? tierIntegrationsProblem(raw.tier, integrations)
    : undefined;
  need(
    integrationsProblem === undefined,
    'integrations',
    integrationsProblem ?? '',
  );
  if (problems.length > 0) {
    throw new Error(`Invalid ${source}:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    meshId: raw.meshId as string,
    tier: raw.tier as Tier,
    environment: raw.environment as string,
    awsAccountId: raw.awsAccountId as string,
    region: raw.region as string,
    agents: raw.agents as string[],
    initialLane: raw.initialLane as string,
    monthlyBudgetUsd: raw.monthlyBudgetUsd as number,
    alarmEmail:
      typeof raw.alarmEmail === 'string' && raw.alarmEmail !== ''
        ? raw.alarmEmail
        : undefined,
    integrations,
    ...(typeof raw.imageTag === 'string' ? { imageTag: raw.imageTag } : {}),
    ...(typeof raw.catalogEntityRef === 'string'
      ? { catalogEntityRef: raw.catalogEntityRef }
      : {}),
    ...(secretsOk
      ? { secrets: secrets as NonNullable<MeshConfig['secrets']> }
      : {}),
    ...(approvalsIsObject
      ? {
          approvals: {
            execute: (approvals as Record<string, unknown>).execute as
              | ExecuteApproval
              | undefined,
          },
        }
      : {}),
  };
}

/**
 * Reads and checks a `mesh.config.json` file; errors name it as `source` (default: the path given).
 *
 * @public
 */
export function loadMeshConfig(
  file: string,
  source: string = file,
): MeshConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${source}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  return parseMeshConfig(data, source);
}
