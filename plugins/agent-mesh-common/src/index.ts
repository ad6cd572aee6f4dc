/**
 * Types and constants shared by the Agent Mesh frontend, backend and scaffolder module. The lanes, tiers and
 * AWS resource names come from `@agent-mesh/mesh-model` and are re-exported here, so plugins import them from
 * this package.
 *
 * @packageDocumentation
 */

export * from '@agent-mesh/mesh-model';
export * from './annotations';
export * from './permissions';
export * from './apiTypes';
export * from './runCounts';
export type { paths, components, operations } from './schema/openapi.generated';
