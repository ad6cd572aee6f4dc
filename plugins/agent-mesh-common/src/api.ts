import { Tier } from './tiers';
import { MeshHealth } from './snapshotApi';

/**
 * An agent as the catalog describes it.
 *
 * @public
 */
export interface AgentSummary {
  entityRef: string;
  /** The agent's name inside the mesh (annotation `agent-mesh.io/agent-name`, else the entity name). */
  name: string;
  title?: string;
}

/**
 * A mesh as the catalog describes it: the entity and where its AWS resources live.
 *
 * @public
 */
export interface MeshSummary {
  /** The catalog entity ref, e.g. `system:default/billing-dev`. */
  entityRef: string;
  name: string;
  title?: string;
  description?: string;
  owner?: string;
  meshId: string;
  awsAccount?: string;
  region?: string;
  tier?: Tier;
  /** The mesh's agents: catalog components of type `agent` that are part of this system. */
  agents: AgentSummary[];
}

/**
 * A mesh of the list, with its health read from its stored snapshot.
 *
 * @public
 */
export interface MeshListItem extends MeshSummary {
  /** Always sent by the backend; optional in this type only so that older fixtures of plain summaries still type-check. */
  health?: MeshHealth;
}

/** @public */
export interface ListMeshesResponse {
  items: MeshListItem[];
}

/**
 * The answer of `GET /api/agent-mesh/health`, open without credentials: `ok` with status 200, else 503.
 *
 * @public
 */
export interface HealthResponse {
  status: 'ok' | 'unavailable';
  /** Whether the cache that replicas share answers: `ok`, or `unreachable: <reason>`. */
  cache: string;
}
