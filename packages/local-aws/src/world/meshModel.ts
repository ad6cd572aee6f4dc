import {
  estimateMonthlyCost,
  DAYS_PER_MONTH,
  DEFAULT_USAGE,
  CORE_AGENTS,
} from '@agent-mesh/infra-constructs';
import {
  AGENT_MESH_TAGS,
  AWS_NAME_LIMITS,
  agentResourceName,
  boundedName,
  Lane,
  meshResourceNames,
  TIER_FACTS,
} from '@agent-mesh/plugin-agent-mesh-common';
import { stateMachineArn } from '../stores/stepFunctionsStore';
import { MeshSpec } from './demoCatalog';
import {
  evidenceAgents,
  steadyFailureFactor,
  steadyAgents,
} from './promotionCast';
import { hashString } from './seededRandom';

/**
 * The tags of a mesh's state machines: its id and tier, and the catalog entity it belongs to when known.
 */
export function stateMachineTags(spec: MeshSpec): Record<string, string> {
  return {
    [AGENT_MESH_TAGS.mesh]: spec.meshId,
    [AGENT_MESH_TAGS.tier]: spec.tier,
    ...(spec.entityRef ? { [AGENT_MESH_TAGS.entity]: spec.entityRef } : {}),
  };
}

/** How an agent behaves in the demo: some agents are slower, one is flaky. */
export interface AgentProfile {
  /** Multiplies task durations. */
  durationFactor: number;
  /** Multiplies failure rates: the flaky agent's is 3, a steady (promotion-ready) agent's {@link steadyFailureFactor}. */
  failureFactor: number;
  /** Relative share of the mesh's runs. */
  weight: number;
}

/** The AWS Cost Explorer `SERVICE` name of each line of the infra-constructs cost model. */
const CE_SERVICE: Record<string, string> = {
  'ECS Fargate': 'Amazon Elastic Container Service',
  'Step Functions': 'AWS Step Functions',
  // Interface endpoints are billed under the VPC service in Cost Explorer.
  'VPC endpoints': 'Amazon Virtual Private Cloud',
  DynamoDB: 'Amazon DynamoDB',
  S3: 'Amazon Simple Storage Service',
  EventBridge: 'Amazon EventBridge',
  SQS: 'Amazon Simple Queue Service',
  'Secrets Manager': 'AWS Secrets Manager',
  CloudWatch: 'AmazonCloudWatch',
  'X-Ray': 'AWS X-Ray',
  KMS: 'AWS Key Management Service',
  'Aurora Serverless v2': 'Amazon Relational Database Service',
  Lambda: 'AWS Lambda',
};

export interface ServiceAmount {
  service: string;
  usd: number;
}

/** Everything the world derives from a mesh spec: names, lanes, behaviour, cost rates. */
export interface MeshModel {
  spec: MeshSpec;
  names: ReturnType<typeof meshResourceNames>;
  lanes: Lane[];
  approvalGate: boolean;
  /** Runs per day in seeded history, and the default live rate. */
  runsPerDay: number;
  /** Agents that conductor runs are started for (every agent but the sweeper, which has its own workflow). */
  runAgents: string[];
  /** The last specialist in catalog order; a mesh of only the core agents has none. */
  flakyAgent?: string;
  /** Agents whose promotion evidence is in the artifacts bucket (see promotionCast). */
  evidenceAgents: string[];
  profiles: Map<string, AgentProfile>;
  /** Cost that accrues whatever the runs, per day, by service (attributed to agent and lane `shared`). */
  fixedDaily: ServiceAmount[];
  /** Cost of an average run by service, attributed to the run's agent and lane. */
  perRun: ServiceAmount[];
  /** The cost model's task minutes per run, which scales a run's Fargate cost by its real duration. */
  taskMinutesPerRun: number;
  orchestrationArn: string;
  sweeperArn: string;
  deadLetterQueue: string;
  monthlyEstimateUsd: number;
}

/**
 * An agent's share of the runs: the conductor 2, a steady agent the most (3) so that its run count clears the
 * strictest "successful runs" gate, the others 1 to 3 by name.
 */
function profileWeight(agent: string, steady: boolean, h: number): number {
  if (agent === 'conductor') return 2;
  if (steady) return 3;
  return 1 + ((h >>> 10) % 3);
}

/** The rule AgentObservability matches an agent's non-zero exits with (bounded to 64 characters as there). */
export function taskFailedRuleName(model: MeshModel, agent: string): string {
  return agentResourceName(
    model.spec.meshId,
    agent,
    'task-failed',
    AWS_NAME_LIMITS.eventRule,
  );
}

/** The rule AgentObservability matches the mesh's tasks that never started with. */
export function failedToStartRuleName(model: MeshModel): string {
  return boundedName(
    `${model.names.prefix}-task-failed-to-start`,
    AWS_NAME_LIMITS.eventRule,
  );
}

export function createMeshModel(
  spec: MeshSpec,
  options: { runsPerDay?: number } = {},
): MeshModel {
  const names = meshResourceNames(spec.meshId);
  const lanes: Lane[] = [...TIER_FACTS[spec.tier].lanes];
  const runsPerDay = options.runsPerDay ?? DEFAULT_USAGE[spec.tier].runsPerDay;
  const usage = { agents: spec.agents.length, runsPerDay };
  const withRuns = estimateMonthlyCost(spec.tier, usage);
  const withoutRuns = estimateMonthlyCost(spec.tier, {
    ...usage,
    runsPerDay: 0,
  });
  const serviceOf = (line: string) => {
    if (line === 'VPC') {
      return withRuns.assumptions.publicIpTasks
        ? 'Amazon Virtual Private Cloud'
        : 'EC2 - Other';
    }
    return CE_SERVICE[line] ?? line;
  };
  const fixedDaily = withoutRuns.lineItems.map(l => ({
    service: serviceOf(l.service),
    usd: l.monthlyUsd / DAYS_PER_MONTH,
  }));
  const runsPerMonth = runsPerDay * DAYS_PER_MONTH;
  const perRun = withRuns.lineItems.map(l => {
    const fixed =
      withoutRuns.lineItems.find(f => f.service === l.service)?.monthlyUsd ?? 0;
    return {
      service: serviceOf(l.service),
      usd:
        runsPerMonth > 0 ? Math.max(0, l.monthlyUsd - fixed) / runsPerMonth : 0,
    };
  });
  const runAgents = spec.agents.filter(a => a !== 'sweeper');
  const specialists = spec.agents.filter(
    a => !(CORE_AGENTS as readonly string[]).includes(a),
  );
  const flakyAgent = specialists[specialists.length - 1];
  const evidence = evidenceAgents(spec.agents, flakyAgent);
  const steady = steadyAgents(evidence);
  const profiles = new Map<string, AgentProfile>();
  for (const agent of spec.agents) {
    const h = hashString(`${spec.meshId}/${agent}`);
    let failureFactor = 1;
    if (agent === flakyAgent) failureFactor = 3;
    else if (steady.has(agent))
      failureFactor = steadyFailureFactor(spec.environment);
    profiles.set(agent, {
      durationFactor: 0.7 + ((h % 1000) / 1000) * 0.9,
      failureFactor,
      weight: profileWeight(agent, steady.has(agent), h),
    });
  }
  return {
    spec,
    names,
    lanes,
    approvalGate: TIER_FACTS[spec.tier].approvalGate,
    runsPerDay,
    runAgents: runAgents.length > 0 ? runAgents : spec.agents,
    flakyAgent,
    evidenceAgents: evidence,
    profiles,
    fixedDaily,
    perRun,
    taskMinutesPerRun: withRuns.assumptions.taskMinutesPerRun,
    orchestrationArn: stateMachineArn(
      spec.region,
      spec.account,
      names.orchestrationStateMachine,
    ),
    sweeperArn: stateMachineArn(
      spec.region,
      spec.account,
      names.sweeperStateMachine,
    ),
    deadLetterQueue: `${names.subtaskQueue}-dlq`,
    monthlyEstimateUsd: withRuns.totalUsd,
  };
}

/**
 * Each agent's lane today and since when: the conductor in the top lane, the critic one below it (so every
 * tier, the small one too, has an agent with many runs to promote), the others spread over the tier's lanes
 * by catalog position; each was promoted once from the lane below at a point in the history, so lane gates
 * have real evidence.
 */
export function laneTimeline(
  model: MeshModel,
  historyStart: number,
  now: number,
): Map<string, { lane: Lane; since: number; previous?: Lane }> {
  const out = new Map<string, { lane: Lane; since: number; previous?: Lane }>();
  const top = model.lanes.length - 1;
  model.spec.agents.forEach((agent, index) => {
    let rank = index % model.lanes.length;
    if (agent === 'conductor') rank = top;
    else if (agent === 'critic') rank = top - 1;
    const lane = model.lanes[rank];
    const previous = rank > 0 ? model.lanes[rank - 1] : undefined;
    const fraction = (index + 1) / (model.spec.agents.length + 1);
    const since = previous
      ? Math.round(historyStart + (now - historyStart) * fraction)
      : historyStart;
    out.set(agent, { lane, since, previous });
  });
  return out;
}
