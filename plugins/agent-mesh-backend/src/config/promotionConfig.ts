import { Config } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import {
  Environment,
  ENVIRONMENTS,
  isLane,
  Lane,
  LANES,
} from '@agent-mesh/plugin-agent-mesh-common';
import { readDuration } from './readDuration';

/** The thresholds of the gates of one environment. */
export interface GateThresholds {
  /** Succeeded runs in the agent's current lane, within the snapshot's window, at least. */
  minSuccessfulRuns: number;
  /** (failed + timed out) / finished runs in the current lane, at most; a fraction from 0 to 1. */
  maxFailureRate: number;
  /** Object names that must exist under `evidence/<agent>/` in the mesh's artifacts bucket. */
  requiredArtifacts: string[];
}

export interface PromotionConfig {
  gates: Record<Environment, GateThresholds>;
  approvals: {
    /** The lanes whose promotion needs a second person, per environment. */
    secondPerson: Record<Environment, Lane[]>;
    /** How long a promotion request waits before it expires. */
    requestLifetime: HumanDuration;
  };
}

/** The defaults, documented in config.d.ts: the closer to prod, the more evidence. */
export const PROMOTION_DEFAULTS: PromotionConfig = {
  gates: {
    dev: {
      minSuccessfulRuns: 3,
      maxFailureRate: 0.25,
      requiredArtifacts: ['evaluation-report.json'],
    },
    staging: {
      minSuccessfulRuns: 10,
      maxFailureRate: 0.1,
      requiredArtifacts: ['evaluation-report.json', 'change-review.md'],
    },
    prod: {
      minSuccessfulRuns: 20,
      maxFailureRate: 0.05,
      requiredArtifacts: ['evaluation-report.json', 'change-review.md'],
    },
  },
  approvals: {
    secondPerson: { dev: [], staging: [], prod: ['execute'] },
    requestLifetime: { hours: 24 },
  },
};

/** Reads `agentMesh.promotion`; `root` is the `agentMesh` config. */
export function readPromotionConfig(root: Config | undefined): PromotionConfig {
  const promotion = root?.getOptionalConfig('promotion');
  const gates = {} as Record<Environment, GateThresholds>;
  const secondPerson = {} as Record<Environment, Lane[]>;
  for (const env of ENVIRONMENTS) {
    gates[env] = readThresholds(
      promotion?.getOptionalConfig(`gates.${env}`),
      env,
    );
    secondPerson[env] = readLanes(
      promotion,
      `approvals.secondPerson.${env}`,
      PROMOTION_DEFAULTS.approvals.secondPerson[env],
    );
  }
  checkKeys(promotion?.getOptionalConfig('gates'), ENVIRONMENTS, 'gates');
  checkKeys(
    promotion?.getOptionalConfig('approvals.secondPerson'),
    ENVIRONMENTS,
    'approvals.secondPerson',
  );
  return {
    gates,
    approvals: {
      secondPerson,
      requestLifetime: readDuration(
        root,
        'promotion.approvals.requestLifetime',
        PROMOTION_DEFAULTS.approvals.requestLifetime,
      ),
    },
  };
}

function checkKeys(
  config: Config | undefined,
  allowed: readonly string[],
  path: string,
) {
  const unknown = config?.keys().find(k => !allowed.includes(k));
  if (unknown) {
    throw new Error(
      `Invalid config at 'agentMesh.promotion.${path}.${unknown}': unknown key; allowed are ${allowed.join(
        ', ',
      )}.`,
    );
  }
}

function readThresholds(
  config: Config | undefined,
  env: Environment,
): GateThresholds {
  const defaults = PROMOTION_DEFAULTS.gates[env];
  const key = (name: string) => `agentMesh.promotion.gates.${env}.${name}`;
  checkKeys(
    config,
    ['minSuccessfulRuns', 'maxFailureRate', 'requiredArtifacts'],
    `gates.${env}`,
  );
  const minSuccessfulRuns =
    config?.getOptionalNumber('minSuccessfulRuns') ??
    defaults.minSuccessfulRuns;
  if (!Number.isInteger(minSuccessfulRuns) || minSuccessfulRuns < 0) {
    throw new Error(
      `Invalid config at '${key(
        'minSuccessfulRuns',
      )}': expected a whole number of runs, 0 or more.`,
    );
  }
  const maxFailureRate =
    config?.getOptionalNumber('maxFailureRate') ?? defaults.maxFailureRate;
  if (!(maxFailureRate >= 0 && maxFailureRate <= 1)) {
    throw new Error(
      `Invalid config at '${key(
        'maxFailureRate',
      )}': expected a fraction from 0 to 1, e.g. 0.05 for 5 %.`,
    );
  }
  const requiredArtifacts =
    config?.getOptionalStringArray('requiredArtifacts') ??
    defaults.requiredArtifacts;
  const bad = requiredArtifacts.find(
    name => !name || name.startsWith('/') || name.includes('..'),
  );
  if (bad !== undefined) {
    throw new Error(
      `Invalid config at '${key(
        'requiredArtifacts',
      )}': '${bad}' is not a key relative to the agent's evidence prefix.`,
    );
  }
  return { minSuccessfulRuns, maxFailureRate, requiredArtifacts };
}

function readLanes(
  config: Config | undefined,
  key: string,
  fallback: Lane[],
): Lane[] {
  const values = config?.getOptionalStringArray(key);
  if (!values) return fallback;
  const bad = values.find(v => !isLane(v) || v === 'read_only');
  if (bad !== undefined) {
    throw new Error(
      `Invalid config at 'agentMesh.promotion.${key}': '${bad}' is no lane one can be promoted into; allowed are ${LANES.slice(
        1,
      ).join(', ')}.`,
    );
  }
  return values as Lane[];
}
