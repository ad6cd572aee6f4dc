import type { Entity } from '@backstage/catalog-model';

/**
 * Annotations on a mesh entity (`kind: System`, `spec.type: agent-mesh`) saying where the mesh lives.
 *
 * @public
 */
export const AGENT_MESH_ANNOTATIONS = {
  /** The mesh id, e.g. `billing-dev`; every AWS resource name is derived from it. */
  meshId: 'agent-mesh.io/mesh-id',
  /** The 12-digit AWS account id the mesh is deployed in. */
  awsAccount: 'agent-mesh.io/aws-account',
  /** The AWS region the mesh is deployed in, e.g. `eu-west-1`. */
  region: 'agent-mesh.io/region',
  /** The mesh's size: `small`, `medium` or `large`. */
  tier: 'agent-mesh.io/tier',
  /** The mesh's environment, `dev`, `staging` or `prod`: promotion gates and approvals are set per environment. */
  environment: 'agent-mesh.io/environment',
  /** The mesh's monthly budget in USD, chosen in the template; the per-tier config value is only the fallback. */
  monthlyBudget: 'agent-mesh.io/monthly-budget-usd',
  /** On an agent component: the agent's name inside its mesh, e.g. `conductor`. */
  agentName: 'agent-mesh.io/agent-name',
} as const;

/**
 * The catalog `spec.type` of a mesh (`kind: System`) and of its agents (`kind: Component`).
 *
 * @public
 */
export const AGENT_MESH_ENTITY_TYPES = {
  mesh: 'agent-mesh',
  agent: 'agent',
} as const;

/**
 * True when the entity carries the annotation every Agent Mesh view needs.
 *
 * @public
 */
export function isAgentMeshAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[AGENT_MESH_ANNOTATIONS.meshId]);
}
