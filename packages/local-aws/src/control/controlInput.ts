import {
  AGENT_NAME_PATTERN,
  isTier,
  MESH_ID_PATTERN,
  TIERS,
} from '@agent-mesh/plugin-agent-mesh-common';
import { MeshSpec } from '../world/demoCatalog';
import { AddMeshOptions } from '../world/world';

/**
 * A refused control request: the status to answer (400 for bad input, 409 for a conflict with the world) and
 * a message naming the field and what it allows. It never repeats the value it refuses.
 */
export class ControlInputError extends TypeError {
  constructor(message: string, readonly status: 400 | 409 = 400) {
    super(message);
    this.name = 'ControlInputError';
  }
}

/** The most meshes the world holds; `POST /_local/meshes` answers 409 beyond it. */
export const MAX_MESHES = 500;

/** The most agents a mesh added through the control API has. */
export const MAX_AGENTS = 64;

/** The most active faults; `POST /_local/faults` answers 409 beyond it. */
export const MAX_FAULTS = 100;

/** The longest single move of the world clock: 31 days. */
export const MAX_ADVANCE_MS = 31 * 24 * 3_600_000;

/** An AWS region name such as `us-east-1` or `us-gov-west-1`. */
export const REGION_PATTERN = /^[a-z]{2,4}(?:-[a-z]+){1,2}-\d{1,2}$/;

/** A 12-digit AWS account id. */
export const ACCOUNT_PATTERN = /^\d{12}$/;

/** The catalog ref of a mesh's System: `system:<namespace>/<name>`, each part as the catalog allows it. */
export const SYSTEM_REF_PATTERN =
  /^system:[a-z0-9]+(?:[-_.][a-z0-9]+)*\/[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;

/** An environment annotation value: `dev`, `staging`, `prod`, ... */
const ENVIRONMENT_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** A Step Functions-style operation name (`ListExecutions`). */
const OPERATION_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** The core agents every mesh has; `agentCount` adds `agent-01`... after them. */
const CORE_AGENTS = ['conductor', 'critic', 'sweeper'];

/** A body must be a JSON object (or absent). */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ControlInputError('The body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Refuses fields a route does not take, so a typo is not silently ignored. */
function onlyFields(
  body: Record<string, unknown>,
  route: string,
  allowed: readonly string[],
): void {
  const unknown = Object.keys(body).filter(key => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ControlInputError(
      `${route} takes ${
        allowed.length > 0 ? allowed.join(', ') : 'no fields'
      }; unknown: ${unknown
        .slice(0, 5)
        .map(k => k.slice(0, 40))
        .join(', ')}`,
    );
  }
}

function optionalNumber(
  body: Record<string, unknown>,
  field: string,
  range: { min: number; max: number; integer?: boolean; above?: boolean },
): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  const kind = range.integer ? 'an integer' : 'a number';
  const lower = range.above ? `above ${range.min}` : `from ${range.min}`;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (range.integer && !Number.isInteger(value)) ||
    (range.above ? value <= range.min : value < range.min) ||
    value > range.max
  ) {
    throw new ControlInputError(
      `${field} must be ${kind} ${lower} to ${range.max}`,
    );
  }
  return value;
}

function optionalString(
  body: Record<string, unknown>,
  field: string,
  pattern: RegExp,
  allowed: string,
): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new ControlInputError(`${field} must be ${allowed}`);
  }
  return value;
}

/** A mesh to add, checked field by field against what the catalog and the constructs allow. */
export interface MeshRequest {
  spec: MeshSpec;
  options: AddMeshOptions;
}

/**
 * The body of `POST /_local/meshes`: `{ meshId, tier, region?, account?, agents? | agentCount?, entityRef?,
 * environment?, runsPerDay?, historyDays?, runsPerHour? }`. Other fields (the scaffolder also sends the
 * mesh config's `initialLane` and `monthlyBudgetUsd`) are ignored. `existing` are the world's mesh ids.
 */
export function parseMeshRequest(
  body: Record<string, unknown>,
  existing: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): MeshRequest {
  const meshId = body.meshId;
  if (typeof meshId !== 'string' || !MESH_ID_PATTERN.test(meshId)) {
    throw new ControlInputError(
      'meshId must be 3 to 32 lowercase letters, digits and single hyphens, starting with a letter',
    );
  }
  if (!isTier(body.tier)) {
    throw new ControlInputError(`tier must be one of ${TIERS.join(', ')}`);
  }
  const region =
    optionalString(
      body,
      'region',
      REGION_PATTERN,
      'an AWS region such as us-east-1',
    ) ?? 'us-east-1';
  const account =
    optionalString(
      body,
      'account',
      ACCOUNT_PATTERN,
      'a 12-digit AWS account id (a string)',
    ) ?? '444444444444';
  const entityRef = optionalString(
    body,
    'entityRef',
    SYSTEM_REF_PATTERN,
    'the catalog ref of the mesh System, system:<namespace>/<name>',
  );
  const environment = optionalString(
    body,
    'environment',
    ENVIRONMENT_PATTERN,
    'up to 32 lowercase letters, digits and hyphens (dev, staging, prod, ...)',
  );
  const agents = agentsOf(body);
  const runsPerDay = optionalNumber(body, 'runsPerDay', {
    min: 0,
    max: 100_000,
    above: true,
  });
  const historyDays = optionalNumber(body, 'historyDays', {
    min: 0,
    max: 31,
    integer: true,
  });
  const runsPerHour = optionalNumber(body, 'runsPerHour', {
    min: 0,
    max: 5_000,
  });
  if (existing.has(meshId)) {
    throw new ControlInputError(`Mesh ${meshId} already exists`, 409);
  }
  if (existing.size >= MAX_MESHES) {
    throw new ControlInputError(
      `The world holds at most ${MAX_MESHES} meshes; POST /_local/reset to start over`,
      409,
    );
  }
  return {
    spec: {
      meshId,
      tier: body.tier,
      region,
      account,
      agents,
      ...(environment !== undefined ? { environment } : {}),
      ...(entityRef !== undefined ? { entityRef } : {}),
    },
    options: { runsPerDay, historyDays, runsPerHour },
  };
}

/** The agents of an added mesh: the given names, or the core three plus `agent-01`... up to `agentCount`. */
function agentsOf(body: Record<string, unknown>): string[] {
  if (body.agents !== undefined && body.agentCount !== undefined) {
    throw new ControlInputError('Give agents or agentCount, not both');
  }
  if (body.agents !== undefined) {
    const agents = body.agents;
    if (
      !Array.isArray(agents) ||
      agents.length < 1 ||
      agents.length > MAX_AGENTS
    ) {
      throw new ControlInputError(
        `agents must be a list of 1 to ${MAX_AGENTS} agent names`,
      );
    }
    agents.forEach((agent, index) => {
      if (typeof agent !== 'string' || !AGENT_NAME_PATTERN.test(agent)) {
        throw new ControlInputError(
          `agents[${index}] must be 2 to 24 lowercase letters, digits and single hyphens, starting with a letter`,
        );
      }
    });
    if (new Set(agents).size !== agents.length) {
      throw new ControlInputError('agents must not repeat a name');
    }
    return agents as string[];
  }
  const count =
    optionalNumber(body, 'agentCount', {
      min: CORE_AGENTS.length,
      max: MAX_AGENTS,
      integer: true,
    }) ?? CORE_AGENTS.length;
  const agents = [...CORE_AGENTS];
  for (let i = 1; agents.length < count; i++)
    agents.push(`agent-${String(i).padStart(2, '0')}`);
  return agents;
}

/** The body of `POST /_local/clock/advance`: `{ ms }`, 0 to 31 days. */
export function parseAdvance(body: Record<string, unknown>): number {
  onlyFields(body, 'POST /_local/clock/advance', ['ms']);
  return (
    optionalNumber(body, 'ms', {
      min: 0,
      max: MAX_ADVANCE_MS,
      integer: true,
    }) ?? 0
  );
}

/** The body of `POST /_local/reset`: `{ seed?, now? }`. */
export function parseReset(body: Record<string, unknown>): {
  seed?: number | string;
  now?: number;
} {
  onlyFields(body, 'POST /_local/reset', ['seed', 'now']);
  const { seed, now } = body;
  if (
    seed !== undefined &&
    !(typeof seed === 'string' && seed.length >= 1 && seed.length <= 128) &&
    !(typeof seed === 'number' && Number.isSafeInteger(seed))
  ) {
    throw new ControlInputError(
      'seed must be a string of 1 to 128 characters or an integer',
    );
  }
  let nowMs: number | undefined;
  if (now !== undefined) {
    nowMs = typeof now === 'string' && now.length <= 40 ? Date.parse(now) : NaN;
    if (
      !Number.isFinite(nowMs) ||
      nowMs < 0 ||
      nowMs > Date.parse('9999-12-31')
    ) {
      throw new ControlInputError(
        'now must be an ISO 8601 time such as 2025-11-24T12:00:00Z',
      );
    }
  }
  return { seed, now: nowMs };
}

/** `POST /_local/tick` takes no fields. */
export function parseTick(body: Record<string, unknown>): void {
  onlyFields(body, 'POST /_local/tick', []);
}

/**
 * The body of `POST /_local/faults`, checked before the fault injector parses it: only its fields, a short
 * operation name, at most a minute of delay and a bounded count, and at most {@link MAX_FAULTS} faults.
 */
export function checkFaultRequest(
  body: Record<string, unknown>,
  activeFaults: number,
): void {
  onlyFields(body, 'POST /_local/faults', [
    'service',
    'kind',
    'operation',
    'delayMs',
    'count',
  ]);
  optionalString(
    body,
    'operation',
    OPERATION_PATTERN,
    'an operation name such as ListExecutions',
  );
  optionalNumber(body, 'delayMs', { min: 0, max: 60_000 });
  optionalNumber(body, 'count', {
    min: 0,
    max: 100_000,
    integer: true,
    above: true,
  });
  if (activeFaults >= MAX_FAULTS) {
    throw new ControlInputError(
      `At most ${MAX_FAULTS} faults are active at once; DELETE /_local/faults first`,
      409,
    );
  }
}

/** `?limit=` of `GET /_local/events`: 1 to 10,000. */
export function parseLimit(value: string | null): number | undefined {
  if (value === null) return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new ControlInputError('limit must be an integer from 1 to 10000');
  }
  return limit;
}
