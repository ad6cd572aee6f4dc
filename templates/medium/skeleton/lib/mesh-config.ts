import * as fs from 'node:fs';

/**
 * The mesh's settings, kept as data in mesh.config.json (the Backstage template rendered them there).
 * This file only checks their shape; the tier stack's own props validation checks their rules at synth.
 */
export interface MeshConfig {
  meshId: string;
  tier: 'small' | 'medium' | 'large';
  environment: string;
  /** The AWS account the mesh deploys to; the deploy workflow assumes a role in it. */
  awsAccountId: string;
  /** The AWS region the mesh deploys to. */
  region: string;
  agents: string[];
  initialLane: string;
  monthlyBudgetUsd: number;
  alarmEmail?: string;
  integrations: string[];
}

const TIERS = ['small', 'medium', 'large'];

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(v => typeof v === 'string');
}

/** Checks the shape of parsed mesh.config.json content; throws one error listing every problem. */
export function parseMeshConfig(data: unknown): MeshConfig {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('mesh.config.json must hold a JSON object');
  }
  const raw = data as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of [
    'meshId',
    'environment',
    'awsAccountId',
    'region',
    'initialLane',
  ]) {
    if (typeof raw[key] !== 'string') problems.push(`${key} must be a string`);
  }
  if (typeof raw.tier !== 'string' || !TIERS.includes(raw.tier)) {
    problems.push(`tier must be one of ${TIERS.join(', ')}`);
  }
  if (!isStringList(raw.agents))
    problems.push('agents must be a list of agent names');
  if (typeof raw.monthlyBudgetUsd !== 'number')
    problems.push('monthlyBudgetUsd must be a number');
  if (raw.alarmEmail != null && typeof raw.alarmEmail !== 'string') {
    problems.push('alarmEmail must be a string or null');
  }
  if (raw.integrations != null && !isStringList(raw.integrations)) {
    problems.push('integrations must be a list of providers');
  }
  if (
    typeof raw.awsAccountId === 'string' &&
    !/^\d{12}$/.test(raw.awsAccountId)
  ) {
    problems.push('awsAccountId must be the 12 digits of an AWS account id');
  }
  if (problems.length > 0) {
    throw new Error(
      `Invalid mesh.config.json:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return {
    meshId: raw.meshId as string,
    tier: raw.tier as MeshConfig['tier'],
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
    integrations: (raw.integrations as string[] | undefined) ?? [],
  };
}

/** Reads and checks mesh.config.json. */
export function loadMeshConfig(file: string): MeshConfig {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  return parseMeshConfig(data);
}
