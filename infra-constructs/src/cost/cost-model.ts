import { TIER_FACTS, Tier } from '@agent-mesh/mesh-model';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { queuesSubtasks } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import {
  DAYS_PER_MONTH,
  HOURS_PER_MONTH,
  US_EAST_1_PRICES as P,
} from './prices';
import {
  DEFAULT_RETAINED_IMAGES,
  SynthesizedTemplate,
  usageFromTemplate,
} from './template-usage';

/**
 * What a mesh is assumed to do in a month. Each tier has defaults; pass overrides to model your own.
 *
 * @public
 */
export interface UsageAssumptions {
  /** Agents in the mesh (the core three plus specialists). */
  readonly agents: number;
  /** Conductor workflow runs per day. */
  readonly runsPerDay: number;
  /** Minutes an agent task runs per run: plan + review + the agent's own task. */
  readonly taskMinutesPerRun: number;
  /** vCPU of a task. */
  readonly taskVcpu: number;
  /** Memory of a task in GB. */
  readonly taskMemoryGb: number;
  /** Share of task time on Fargate Spot (what the compute's capacity provider strategy allows, see {@link meshSpotShare}). */
  readonly spotShare: number;
  /** Tasks kept running all month by ECS services (none of the tiers deploys one: every task is run by a workflow). */
  readonly alwaysOnAgents: number;
  /** Whether tasks run in public subnets with a public IPv4 (no NAT). */
  readonly publicIpTasks: boolean;
  /** NAT gateways. */
  readonly natGateways: number;
  /** GB through the NAT gateways per month (model API calls; image pulls and S3/DynamoDB go through VPC endpoints). */
  readonly natGbPerMonth: number;
  /** Interface VPC endpoints times the zones each has a subnet in (ECR api, ECR dkr, Logs where NAT exists). */
  readonly interfaceEndpointZones: number;
  /** GB of container images pulled per month (through the ECR endpoint where NAT exists, free over the internet otherwise). */
  readonly imagePullGbPerMonth: number;
  /**
   * Images kept in the mesh's ECR repository: its lifecycle policy's count (`AgentCompute` `retainedImages`,
   * 20; counted from the template when one is given), assumed full.
   */
  readonly retainedImages: number;
  /** Compressed size of one agent image in GB, as ECR stores it and Fargate pulls it. */
  readonly imageSizeGb: number;
  /** Log groups (priced by GB ingested; counted for the record). */
  readonly logGroups: number;
  /** GB of logs ingested per month. */
  readonly logsGbPerMonth: number;
  /** GB stored in the artifacts bucket. */
  readonly artifactsGb: number;
  /** KV reads and writes per run. */
  readonly kvReadsPerRun: number;
  readonly kvWritesPerRun: number;
  /** Events put on the bus per run. */
  readonly eventsPerRun: number;
  /** Subtasks queued per run (each costs a send, receive and delete); 0 where no lane consumes them (small). */
  readonly subtasksPerRun: number;
  /** CloudWatch alarms (counted from the template when one is given). */
  readonly alarms: number;
  /** Container Insights metrics (about 10 per task family in use). */
  readonly containerInsightsMetrics: number;
  /** Secrets. */
  readonly secrets: number;
  /** Customer-managed KMS keys. */
  readonly kmsKeys: number;
  /** Average Aurora capacity units (0 when the tier has no ML database). */
  readonly auroraAverageAcu: number;
  /** Aurora instances (writer plus readers) running at that average. */
  readonly auroraInstances: number;
  /** Aurora storage in GB. */
  readonly auroraStorageGb: number;
  /** Aurora I/O requests per month, in millions. */
  readonly auroraIoMillions: number;
  /** Webhook requests per month. */
  readonly webhookRequests: number;
}

/** @public */
export interface CostLineItem {
  readonly service: string;
  readonly description: string;
  readonly monthlyUsd: number;
}

/** @public */
export interface CostEstimate {
  readonly tier: Tier;
  readonly region: 'us-east-1';
  readonly currency: 'USD';
  readonly lineItems: readonly CostLineItem[];
  readonly totalUsd: number;
  readonly assumptions: UsageAssumptions;
}

/**
 * The monthly band each tier is sold in, in USD (`TIER_FACTS[tier].monthlyCostBandUsd`); large has no upper
 * bound ("500-1000+" in the seed).
 *
 * @public
 */
export const TIER_COST_BANDS: Readonly<
  Record<Tier, { readonly min: number; readonly max?: number }>
> = {
  small: TIER_FACTS.small.monthlyCostBandUsd,
  medium: TIER_FACTS.medium.monthlyCostBandUsd,
  large: TIER_FACTS.large.monthlyCostBandUsd,
};

/**
 * The assumed compressed size of an agent image in GB (a Node.js or Python runtime with the model SDKs):
 * what ECR stores per image, and what Fargate pulls per task (it caches no image).
 *
 * @public
 */
export const AGENT_IMAGE_GB = 0.5;

/**
 * The usage the tier's own shape decides (`TIER_FACTS`): its NAT gateways (tasks without NAT run with a public
 * IPv4), the alarm topic's KMS key, and the ML database's instance.
 */
function tierShapeUsage(
  tier: Tier,
): Pick<
  UsageAssumptions,
  | 'publicIpTasks'
  | 'natGateways'
  | 'kmsKeys'
  | 'auroraInstances'
  | 'interfaceEndpointZones'
  | 'alwaysOnAgents'
  | 'spotShare'
  | 'retainedImages'
  | 'imageSizeGb'
> {
  const facts = TIER_FACTS[tier];
  return {
    publicIpTasks: facts.natGateways === 0,
    natGateways: facts.natGateways,
    // mesh-vpc.ts: ECR api, ECR dkr and Logs endpoints in both zones' private subnets where NAT exists.
    interfaceEndpointZones: facts.natGateways > 0 ? 3 * 2 : 0,
    // No construct deploys an ECS service: every task is started by a workflow and stops when done.
    alwaysOnAgents: 0,
    spotShare: meshSpotShare(),
    kmsKeys: facts.alarmTopic ? 1 : 0,
    auroraInstances: facts.mlFeatures ? 1 : 0,
    // One ECR repository per mesh (AgentCompute), its lifecycle keeping the last 20 images.
    retainedImages: DEFAULT_RETAINED_IMAGES,
    imageSizeGb: AGENT_IMAGE_GB,
  };
}

/**
 * Default usage per tier. Small: a team trying agents out, 40 runs a day in public subnets. Medium: a
 * production mesh of 8 agents, 150 runs a day, one NAT gateway with VPC endpoints. Large: 16 agents, 400 runs a
 * day, two NAT gateways with VPC endpoints and an Aurora database averaging 2 ACU. No tier runs always-on tasks;
 * the Spot share is what the compute's capacity provider strategy allows ({@link meshSpotShare}). The counts
 * (alarms, secrets, log groups, keys, NAT gateways, endpoints, Aurora instances) are fallbacks: pass the
 * synthesized template to `estimateMonthlyCost` to count them ({@link usageFromTemplate}).
 *
 * @public
 */
export const DEFAULT_USAGE: Record<Tier, UsageAssumptions> = {
  small: {
    ...tierShapeUsage('small'),
    agents: 3,
    runsPerDay: 40,
    taskMinutesPerRun: 15,
    taskVcpu: 0.5,
    taskMemoryGb: 1,
    imagePullGbPerMonth: imagePulls(40),
    logGroups: 6,
    natGbPerMonth: 0,
    logsGbPerMonth: 5,
    artifactsGb: 20,
    kvReadsPerRun: 20,
    kvWritesPerRun: 10,
    eventsPerRun: 10,
    // No execute lane, so no subtask queue: its conductor queues none (queuesSubtasks).
    subtasksPerRun: queuesSubtasks(TIER_FACTS.small.lanes) ? 5 : 0,
    alarms: 10,
    containerInsightsMetrics: 60,
    secrets: 1,
    auroraAverageAcu: 0,
    auroraStorageGb: 0,
    auroraIoMillions: 0,
    webhookRequests: 0,
  },
  medium: {
    ...tierShapeUsage('medium'),
    agents: 8,
    runsPerDay: 150,
    taskMinutesPerRun: 20,
    taskVcpu: 0.5,
    taskMemoryGb: 1,
    imagePullGbPerMonth: imagePulls(150),
    logGroups: 8,
    natGbPerMonth: 20,
    logsGbPerMonth: 30,
    artifactsGb: 200,
    kvReadsPerRun: 40,
    kvWritesPerRun: 20,
    eventsPerRun: 20,
    subtasksPerRun: 10,
    alarms: 12,
    containerInsightsMetrics: 200,
    secrets: 2,
    auroraAverageAcu: 0,
    auroraStorageGb: 0,
    auroraIoMillions: 0,
    webhookRequests: 0,
  },
  large: {
    ...tierShapeUsage('large'),
    agents: 16,
    runsPerDay: 400,
    taskMinutesPerRun: 25,
    taskVcpu: 1,
    taskMemoryGb: 2,
    imagePullGbPerMonth: imagePulls(400),
    logGroups: 11,
    natGbPerMonth: 80,
    logsGbPerMonth: 100,
    artifactsGb: 1000,
    kvReadsPerRun: 60,
    kvWritesPerRun: 30,
    eventsPerRun: 40,
    subtasksPerRun: 20,
    alarms: 13,
    containerInsightsMetrics: 400,
    secrets: 5,
    auroraAverageAcu: 2,
    auroraStorageGb: 50,
    auroraIoMillions: 20,
    webhookRequests: 100_000,
  },
};

const round = (usd: number) => Math.round(usd * 100) / 100;

/**
 * The Spot share a capacity provider strategy allows: the FARGATE_SPOT weight over all weights.
 *
 * @public
 */
export function spotShareOf(
  strategy: readonly ecs.CapacityProviderStrategy[],
): number {
  const total = strategy.reduce((sum, s) => sum + (s.weight ?? 0), 0);
  const spot = strategy
    .filter(s => s.capacityProvider === 'FARGATE_SPOT')
    .reduce((sum, s) => sum + (s.weight ?? 0), 0);
  return total > 0 ? spot / total : 0;
}

/**
 * The Spot share of a run's task time under the compute's capacity provider strategies
 * (`AgentCompute.capacityProviderStrategy`), assuming a third of a run's task minutes in the plan and review
 * steps and the rest spread evenly over the three lanes (`execute` runs on on-demand Fargate only).
 *
 * @public
 */
export function meshSpotShare(
  compute: Pick<AgentCompute, 'capacityProviderStrategy'> = {
    capacityProviderStrategy: lane =>
      AgentCompute.prototype.capacityProviderStrategy.call(
        undefined as never,
        lane,
      ),
  },
): number {
  const lanes = ['read_only', 'dry_run', 'execute'] as const;
  const laneShare =
    lanes.reduce(
      (sum, lane) => sum + spotShareOf(compute.capacityProviderStrategy(lane)),
      0,
    ) / lanes.length;
  return (
    spotShareOf(compute.capacityProviderStrategy('step')) / 3 +
    (laneShare * 2) / 3
  );
}

/** Fargate caches no image: each of a run's three tasks (plan, agent, review) pulls its image ({@link AGENT_IMAGE_GB}). */
function imagePulls(runsPerDay: number): number {
  return Math.round(runsPerDay * DAYS_PER_MONTH * 3 * AGENT_IMAGE_GB);
}

/**
 * Estimates a tier's baseline monthly cost as line items by service, from the list prices in
 * `US_EAST_1_PRICES` and the usage assumptions (the tier's defaults, overridden by `usage`).
 *
 * @public
 */
export function estimateMonthlyCost(
  tier: Tier,
  usage: Partial<UsageAssumptions> = {},
  template?: SynthesizedTemplate,
): CostEstimate {
  const u: UsageAssumptions = {
    ...DEFAULT_USAGE[tier],
    ...(template ? usageFromTemplate(template) : {}),
    ...usage,
  };
  const runs = u.runsPerDay * DAYS_PER_MONTH;
  const taskHours = (runs * u.taskMinutesPerRun) / 60;
  const hourRate =
    u.taskVcpu * P.fargateVcpuHour + u.taskMemoryGb * P.fargateGbHour;
  const spotRate = hourRate * (1 - P.fargateSpotDiscount);
  const runCompute =
    taskHours * (u.spotShare * spotRate + (1 - u.spotShare) * hourRate);
  const alwaysOn = u.alwaysOnAgents * HOURS_PER_MONTH * hourRate;
  // Each run walks about 15 state transitions, plus the 4 Pass states that compute when its KV items expire
  // (RUN_EXPIRY_STATES); Map iterations add two per subtask.
  const transitions =
    runs * (15 + 4 + 2 * u.subtasksPerRun) + 4 * DAYS_PER_MONTH * 6;
  // Without interface endpoints, private tasks pull their images through the NAT gateways.
  const pullsThroughNat =
    !u.publicIpTasks && u.natGateways > 0 && u.interfaceEndpointZones === 0;
  const items: CostLineItem[] = [
    {
      service: 'ECS Fargate',
      description: `${round(taskHours)} task-hours at ${u.taskVcpu} vCPU/${
        u.taskMemoryGb
      } GB (${Math.round(u.spotShare * 100)}% Spot)${
        u.alwaysOnAgents > 0 ? ` + ${u.alwaysOnAgents} always-on tasks` : ''
      }`,
      monthlyUsd: runCompute + alwaysOn,
    },
    {
      service: 'VPC',
      description: u.publicIpTasks
        ? 'public IPv4 while tasks run'
        : `${u.natGateways} NAT gateway(s), ${u.natGbPerMonth} GB processed${
            pullsThroughNat
              ? ` + ${u.imagePullGbPerMonth} GB of image pulls`
              : ''
          }`,
      monthlyUsd:
        (u.publicIpTasks
          ? (taskHours + u.alwaysOnAgents * HOURS_PER_MONTH) * P.publicIpv4Hour
          : 0) +
        u.natGateways * HOURS_PER_MONTH * P.natGatewayHour +
        u.natGbPerMonth * P.natGatewayGb +
        (pullsThroughNat ? u.imagePullGbPerMonth * P.natGatewayGb : 0),
    },
    {
      service: 'VPC endpoints',
      description:
        u.interfaceEndpointZones > 0
          ? `${u.interfaceEndpointZones} interface endpoint-zones (ECR, Logs); ${u.imagePullGbPerMonth} GB of image layers through the free S3 gateway endpoint`
          : 'none (no NAT gateway to bypass)',
      monthlyUsd:
        u.interfaceEndpointZones *
          HOURS_PER_MONTH *
          P.interfaceEndpointZoneHour +
        (u.interfaceEndpointZones > 0
          ? u.logsGbPerMonth * P.interfaceEndpointGb
          : 0),
    },
    {
      service: 'Step Functions',
      description: `${Math.round(transitions)} state transitions`,
      monthlyUsd: transitions * P.stepFunctionsTransition,
    },
    {
      service: 'DynamoDB',
      description: 'on-demand requests, 1 GB with PITR',
      monthlyUsd:
        (runs * u.kvReadsPerRun * P.dynamoReadMillion +
          runs * u.kvWritesPerRun * P.dynamoWriteMillion) /
          1e6 +
        P.dynamoStorageGbMonth +
        P.dynamoPitrGbMonth,
    },
    {
      service: 'S3',
      description: `${u.artifactsGb} GB (Standard price, before Intelligent-Tiering savings) and requests`,
      monthlyUsd:
        u.artifactsGb * P.s3StorageGbMonth +
        (runs * 10 * P.s3PutThousand + runs * 50 * P.s3GetThousand) / 1000,
    },
    {
      service: 'EventBridge',
      description: `${Math.round(
        runs * u.eventsPerRun,
      )} events and their archive`,
      monthlyUsd:
        (runs * u.eventsPerRun * P.eventBridgeMillion) / 1e6 +
        runs * u.eventsPerRun * 2e-6 * P.eventBridgeArchiveGb,
    },
    {
      service: 'SQS',
      description: 'send, receive and delete per subtask',
      monthlyUsd: (runs * u.subtasksPerRun * 3 * P.sqsMillion) / 1e6,
    },
    {
      service: 'ECR',
      description: `${u.retainedImages} image(s) kept × ${u.imageSizeGb} GB`,
      monthlyUsd: u.retainedImages * u.imageSizeGb * P.ecrStorageGbMonth,
    },
    {
      service: 'Secrets Manager',
      description: `${u.secrets} secret(s)`,
      monthlyUsd: u.secrets * P.secretMonth,
    },
    {
      service: 'CloudWatch',
      description: `${u.logsGbPerMonth} GB logs in ${u.logGroups} log groups, ${u.alarms} alarms, 1 dashboard, ${u.containerInsightsMetrics} Container Insights metrics`,
      monthlyUsd:
        u.logsGbPerMonth * (P.logsIngestGb + P.logsStorageGbMonth) +
        u.alarms * P.alarmMonth +
        P.dashboardMonth +
        u.containerInsightsMetrics * P.metricMonth,
    },
    {
      service: 'X-Ray',
      description: 'one trace per run',
      monthlyUsd: (runs * P.xrayTraceMillion) / 1e6,
    },
    {
      service: 'KMS',
      description: `${u.kmsKeys} customer-managed key(s)`,
      monthlyUsd: u.kmsKeys * P.kmsKeyMonth,
    },
  ];
  if (u.auroraInstances > 0) {
    items.push({
      service: 'Aurora Serverless v2',
      description: `${u.auroraInstances} instance(s) averaging ${u.auroraAverageAcu} ACU, ${u.auroraStorageGb} GB, ${u.auroraIoMillions}M I/O`,
      monthlyUsd:
        u.auroraInstances *
          u.auroraAverageAcu *
          HOURS_PER_MONTH *
          P.auroraAcuHour +
        u.auroraStorageGb * P.auroraStorageGbMonth +
        u.auroraIoMillions * P.auroraIoMillion,
    });
  }
  if (u.webhookRequests > 0) {
    items.push({
      service: 'Lambda',
      description: `${u.webhookRequests} webhook requests`,
      monthlyUsd: (u.webhookRequests * P.lambdaRequestMillion) / 1e6,
    });
  }
  const lineItems = items.map(i => ({ ...i, monthlyUsd: round(i.monthlyUsd) }));
  return {
    tier,
    region: 'us-east-1',
    currency: 'USD',
    lineItems,
    totalUsd: round(lineItems.reduce((sum, i) => sum + i.monthlyUsd, 0)),
    assumptions: u,
  };
}
