import { Config } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { Tier, TIER_FACTS, TIERS } from '@agent-mesh/plugin-agent-mesh-common';
import { AccountAllowList, readAccountAllowList } from './accountAllowList';
import { PromotionConfig, readPromotionConfig } from './promotionConfig';
import { readDuration } from './readDuration';

/** The AWS services whose endpoint can be overridden, by their config key. */
export const AWS_SERVICES = [
  'stepFunctions',
  'cloudWatch',
  'costExplorer',
  'dynamoDb',
  'eventBridge',
  's3',
] as const;

export type AwsService = (typeof AWS_SERVICES)[number];

/**
 * The Cost Explorer requests one fetch of a mesh's cost takes (`CostExplorerService.fetchCost`: by service,
 * by agent and lane, the forecast), more only when Cost Explorer pages.
 */
export const REQUESTS_PER_FETCH = 3;

export interface AgentMeshConfig {
  refreshFrequency: HumanDuration;
  /** How long one refresh of all meshes may take before the scheduler abandons it. */
  refreshTimeout: HumanDuration;
  /** Scheduled tasks the meshes are split into, each locked on its own, so replicas share the refresh. */
  refreshShards: number;
  endpoints: Partial<Record<AwsService, string>>;
  /** Whether the root config has an `aws` section for `@backstage/integration-aws-node`. */
  hasAwsCredentialsConfig: boolean;
  /** The accounts and regions whose meshes may be read; no client is made for any other. */
  accounts: AccountAllowList;
  runs: {
    /** The window run counts and failure rates of a snapshot cover. */
    statsWindow: HumanDuration;
    /** How far back the first refresh of a mesh reads runs. */
    backfill: HumanDuration;
    /** Runs older than this are deleted from the database. */
    retention: HumanDuration;
    /** Run history reads from Step Functions per mesh and minute, across replicas; more are answered 429. */
    historyReadsPerMinute: number;
  };
  cost: {
    /** How long a Cost Explorer answer is kept before it is asked again. */
    cacheTtl: HumanDuration;
    /** Cost Explorer requests per mesh per UTC day, at most, across replicas. */
    maxRequestsPerDay: number;
    /** Monthly budget in USD per tier, shown against the month-to-date cost. */
    budgets: Record<Tier, number>;
  };
  /** Gates and approvals of lane promotions. */
  promotion: PromotionConfig;
  /** How long a caller's catalog read and read decision for a mesh are reused by its next requests. */
  accessCacheTtl: HumanDuration;
}

const DEFAULTS = {
  refreshFrequency: { minutes: 1 },
  refreshTimeout: { minutes: 5 },
  refreshShards: 4,
  statsWindow: { hours: 24 },
  backfill: { hours: 24 },
  retention: { days: 30 },
  // Cost Explorer updates its data a few times a day and charges each request: one full fetch a day.
  cacheTtl: { hours: 24 },
  maxRequestsPerDay: 4,
  historyReadsPerMinute: 30,
  // Long enough to serve a page's burst of requests from one check, short enough for a policy change to apply soon.
  accessCacheTtl: { seconds: 10 },
  // A mesh without its own budget annotation is held to the top of its tier's cost band.
  budgets: Object.fromEntries(
    TIERS.map(tier => [tier, TIER_FACTS[tier].defaultMonthlyBudgetUsd]),
  ) as Record<Tier, number>,
};

/**
 * Reads and checks the `agentMesh` config once at start, so a bad value stops the backend with the key
 * in the message instead of failing later inside a scheduled task.
 */
export function readAgentMeshConfig(config: Config): AgentMeshConfig {
  const root = config.getOptionalConfig('agentMesh');
  const refreshFrequency = readDuration(
    root,
    'refresh.frequency',
    DEFAULTS.refreshFrequency,
  );
  const statsWindow = readDuration(root, 'runs.window', DEFAULTS.statsWindow);
  const retention = readDuration(root, 'runs.retention', DEFAULTS.retention);
  if (durationToMilliseconds(retention) < durationToMilliseconds(statsWindow)) {
    throw new Error(
      `Invalid config at 'agentMesh.runs.retention': it must be at least as long as agentMesh.runs.window, or the counts would miss runs.`,
    );
  }
  const endpoints = readEndpoints(root?.getOptionalConfig('aws.endpoints'));
  return {
    refreshFrequency,
    refreshTimeout: readDuration(
      root,
      'refresh.timeout',
      DEFAULTS.refreshTimeout,
    ),
    refreshShards: readWholeNumber(
      root,
      'refresh.shards',
      DEFAULTS.refreshShards,
      1,
    ),
    endpoints,
    hasAwsCredentialsConfig: config.has('aws'),
    accounts: readAccountAllowList(config, {
      localEndpointsOnly:
        !config.has('aws') &&
        AWS_SERVICES.every(service => endpoints[service] !== undefined),
    }),
    runs: {
      statsWindow,
      backfill: readDuration(root, 'runs.backfill', DEFAULTS.backfill),
      retention,
      historyReadsPerMinute: readWholeNumber(
        root,
        'runs.historyReadsPerMinute',
        DEFAULTS.historyReadsPerMinute,
        1,
      ),
    },
    cost: {
      cacheTtl: readDuration(root, 'cost.cacheTtl', DEFAULTS.cacheTtl),
      maxRequestsPerDay: readWholeNumber(
        root,
        'cost.maxRequestsPerDay',
        DEFAULTS.maxRequestsPerDay,
        REQUESTS_PER_FETCH,
        ` (one fetch of a mesh's cost takes ${REQUESTS_PER_FETCH} requests)`,
      ),
      budgets: readBudgets(root?.getOptionalConfig('cost.budgets')),
    },
    promotion: readPromotionConfig(root),
    accessCacheTtl: readDuration(
      root,
      'access.cacheTtl',
      DEFAULTS.accessCacheTtl,
    ),
  };
}

function readWholeNumber(
  root: Config | undefined,
  key: string,
  fallback: number,
  min: number,
  why = '',
): number {
  if (!root?.has(key)) return fallback;
  const value = root.getOptional(key);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(
      `Invalid config at 'agentMesh.${key}': expected a whole number of at least ${min}${why}.`,
    );
  }
  return value;
}

function readBudgets(budgets: Config | undefined): Record<Tier, number> {
  const result = { ...DEFAULTS.budgets };
  if (!budgets) {
    return result;
  }
  for (const key of budgets.keys()) {
    if (!(TIERS as readonly string[]).includes(key)) {
      throw new Error(
        `Invalid config at 'agentMesh.cost.budgets.${key}': unknown tier; allowed are ${TIERS.join(
          ', ',
        )}.`,
      );
    }
  }
  for (const tier of TIERS) {
    if (!budgets.has(tier)) {
      continue;
    }
    let value: number | undefined;
    try {
      value = budgets.getNumber(tier);
    } catch {
      value = undefined;
    }
    if (value === undefined || !Number.isFinite(value) || value <= 0) {
      throw new Error(
        `Invalid config at 'agentMesh.cost.budgets.${tier}': expected a number of USD greater than 0.`,
      );
    }
    result[tier] = value;
  }
  return result;
}

function readEndpoints(
  endpoints: Config | undefined,
): Partial<Record<AwsService, string>> {
  if (!endpoints) {
    return {};
  }
  const unknownKeys = endpoints
    .keys()
    .filter(key => !(AWS_SERVICES as readonly string[]).includes(key));
  if (unknownKeys.length > 0) {
    throw new Error(
      `Invalid config at 'agentMesh.aws.endpoints.${
        unknownKeys[0]
      }': unknown service; allowed are ${AWS_SERVICES.join(', ')}.`,
    );
  }
  const result: Partial<Record<AwsService, string>> = {};
  for (const service of AWS_SERVICES) {
    const value = endpoints.getOptionalString(service);
    if (value !== undefined) {
      result[service] = readHttpUrl(
        value,
        `agentMesh.aws.endpoints.${service}`,
      );
    }
  }
  return result;
}

function readHttpUrl(value: string, key: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new Error(
      `Invalid config at '${key}': '${value}' is not an http(s) URL such as http://localhost:4599.`,
    );
  }
  return value;
}
