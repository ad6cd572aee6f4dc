/**
 * Types and constants shared by the Agent Mesh frontend, backend, scaffolder module and constructs.
 *
 * @packageDocumentation
 */

export * from './lanes';
export * from './tiers';
export * from './annotations';
export * from './naming';
export * from './permissions';
export * from './api';
export * from './snapshotApi';
export * from './promotionApi';
export type { paths, components, operations } from './schema/openapi.generated';
