import type { Lane } from './lanes';
import { isOneOf } from './oneOf';

/**
 * The sizes a mesh is sold in. {@link TIER_FACTS} says what each one holds.
 *
 * @public
 */
export const TIERS = ['small', 'medium', 'large'] as const;

/** @public */
export type Tier = (typeof TIERS)[number];

/** @public */
export function isTier(value: unknown): value is Tier {
  return isOneOf(TIERS, value);
}

/**
 * What a tier holds. The tier stacks of `@agent-mesh/infra-constructs` are built from these facts, and the
 * portal reads the same ones, so the two never disagree about a tier.
 *
 * @public
 */
export interface TierFacts {
  /** The lanes agents can run in, in promotion order. */
  readonly lanes: readonly Lane[];
  /**
   * Whether the conductor workflow has the approval gate: a run stops there for a person when the critic
   * asks, and (by default) before every run in the `execute` lane.
   */
  readonly approvalGate: boolean;
  /** Whether alarms and the budget notify an encrypted SNS topic (without one, the budget e-mails directly). */
  readonly alarmTopic: boolean;
  /** NAT gateways of the mesh's VPC; with none, tasks run in public subnets. */
  readonly natGateways: number;
  /** Whether the dashboard has the per-agent, cluster and database widgets. */
  readonly detailedDashboard: boolean;
  /** Whether the mesh has the ML features (Aurora Serverless v2 PostgreSQL with pgvector). */
  readonly mlFeatures: boolean;
  /** Whether the mesh may have webhook integrations (Stripe, Supabase, Vercel). */
  readonly integrations: boolean;
  /** The monthly cost band in USD the tier is sold in; `max` is absent for an open band ("1000+"). */
  readonly monthlyCostBandUsd: { readonly min: number; readonly max?: number };
  /** The monthly budget in USD when the mesh sets none: the top of the band (1000 for the open band). */
  readonly defaultMonthlyBudgetUsd: number;
}

const ALL_LANES: readonly Lane[] = ['read_only', 'dry_run', 'execute'];

/**
 * The facts of each tier, in one table. Small: development and small teams, agents only read and dry-run,
 * no approval gate, no NAT gateway. Medium: production, all three lanes, the approval gate, one NAT gateway,
 * alerting. Large: medium plus the ML features, two NAT gateways and the detailed dashboard.
 *
 * @public
 */
export const TIER_FACTS: Readonly<Record<Tier, TierFacts>> = {
  small: {
    lanes: ['read_only', 'dry_run'],
    approvalGate: false,
    alarmTopic: false,
    natGateways: 0,
    detailedDashboard: false,
    mlFeatures: false,
    integrations: false,
    monthlyCostBandUsd: { min: 30, max: 100 },
    defaultMonthlyBudgetUsd: 100,
  },
  medium: {
    lanes: ALL_LANES,
    approvalGate: true,
    alarmTopic: true,
    natGateways: 1,
    detailedDashboard: false,
    mlFeatures: false,
    integrations: true,
    monthlyCostBandUsd: { min: 100, max: 500 },
    defaultMonthlyBudgetUsd: 500,
  },
  large: {
    lanes: ALL_LANES,
    approvalGate: true,
    alarmTopic: true,
    natGateways: 2,
    detailedDashboard: true,
    mlFeatures: true,
    integrations: true,
    monthlyCostBandUsd: { min: 500 },
    defaultMonthlyBudgetUsd: 1000,
  },
};

/**
 * The lanes each tier has, in promotion order: `TIER_FACTS[tier].lanes`. A small mesh has no `execute` lane
 * (its agents only read and dry-run); medium and large have all three.
 *
 * @public
 */
export const TIER_LANES: Readonly<Record<Tier, readonly Lane[]>> = {
  small: TIER_FACTS.small.lanes,
  medium: TIER_FACTS.medium.lanes,
  large: TIER_FACTS.large.lanes,
};
