/**
 * The facts of an agent mesh that its CDK constructs and its Backstage plugins both need: the lanes and
 * their order, the tiers and what each holds, and the names of a mesh's AWS resources. No dependencies.
 *
 * @packageDocumentation
 */

export * from './lanes';
export * from './oneOf';
export * from './tiers';
export * from './naming';
