import type { components } from './schema/openapi.generated';

type Schemas = components['schemas'];

/**
 * An agent as the catalog describes it.
 *
 * @public
 */
export type AgentSummary = Schemas['AgentSummary'];

/**
 * A mesh of the list, with its health read from its stored snapshot.
 *
 * @public
 */
export type MeshListItem = Schemas['MeshListItem'];

/**
 * A mesh as the catalog describes it: the entity and where its AWS resources live.
 *
 * @public
 */
export type MeshSummary = Omit<MeshListItem, 'health'>;

/** @public */
export type ListMeshesResponse = Schemas['ListMeshesResponse'];

/**
 * The answer of `GET /api/agent-mesh/health`, open without credentials: `ok` with status 200, else 503.
 *
 * @public
 */
export type HealthResponse = Schemas['HealthResponse'];

/** How many agents of a mesh run in each lane. @public */
export type LaneCounts = Schemas['LaneCounts'];

/** Promotion requests and runs waiting for a person's decision. @public */
export type PendingApprovals = Schemas['PendingApprovals'];
