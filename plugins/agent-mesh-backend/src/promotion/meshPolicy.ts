import { annotatedBudget, meshBudget } from '../config/meshBudget';
import {
  AGENT_MESH_ANNOTATIONS,
  Environment,
  ENVIRONMENTS,
  isOneOf,
  Lane,
  LANES,
  laneRank,
  TIER_LANES,
} from '@agent-mesh/plugin-agent-mesh-common';
import { AgentMeshConfig } from '../config/agentMeshConfig';
import { ResolvedMesh } from '../service/meshAccess';

/** How promotions work in one mesh: its environment, its tier's lanes, its budget, who must approve what. */
export interface MeshPolicy {
  environment: Environment;
  /** The tier's lanes in promotion order; all three when the tier is unknown. */
  lanes: readonly Lane[];
  budget?: number;
  /** The lanes whose promotion needs a second person in this mesh's environment. */
  secondPerson: readonly Lane[];
}

/**
 * The mesh's policy. A mesh without the `agent-mesh.io/environment` annotation (or with an unknown value) is
 * treated as `prod`, the strictest. The budget is the `agent-mesh.io/monthly-budget-usd` annotation, else the
 * configured budget of its tier.
 */
export function meshPolicy(
  mesh: Pick<ResolvedMesh, 'entity' | 'tier'>,
  config: AgentMeshConfig,
): MeshPolicy {
  const annotations = mesh.entity.metadata.annotations ?? {};
  const env = annotations[AGENT_MESH_ANNOTATIONS.environment];
  const environment: Environment = isOneOf(ENVIRONMENTS, env) ? env : 'prod';
  return {
    environment,
    lanes: mesh.tier ? TIER_LANES[mesh.tier] : LANES,
    budget: meshBudget(
      { monthlyBudgetUsd: annotatedBudget(annotations), tier: mesh.tier },
      config,
    ),
    secondPerson: config.promotion.approvals.secondPerson[environment],
  };
}

/** The one lane above `lane` within the mesh's lanes, if any. */
export function promotableTo(policy: MeshPolicy, lane: Lane): Lane | undefined {
  const index = policy.lanes.indexOf(lane);
  return index >= 0 ? policy.lanes[index + 1] : undefined;
}

/** Every lane below `lane` within the mesh's lanes, highest first. */
export function demotableTo(policy: MeshPolicy, lane: Lane): Lane[] {
  return policy.lanes
    .filter(l => laneRank(l) < laneRank(lane))
    .slice()
    .reverse();
}
