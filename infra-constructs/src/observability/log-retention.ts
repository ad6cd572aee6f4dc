import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The environments a mesh is deployed for. They decide log retention and whether data
 * survives a stack deletion.
 *
 * @public
 */
export const MESH_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/** @public */
export type MeshEnvironment = (typeof MESH_ENVIRONMENTS)[number];

/**
 * How long each environment keeps logs. Dev logs are for debugging this week; prod keeps a
 * year because audits and incident reviews look back that far.
 *
 * @public
 */
export const LOG_RETENTION_BY_ENVIRONMENT: Record<
  MeshEnvironment,
  RetentionDays
> = {
  dev: RetentionDays.ONE_WEEK,
  staging: RetentionDays.ONE_MONTH,
  prod: RetentionDays.ONE_YEAR,
};

/** @public */
export function logRetentionFor(environment: MeshEnvironment): RetentionDays {
  return LOG_RETENTION_BY_ENVIRONMENT[environment];
}

/**
 * A log group of the mesh named `logGroupName`, kept for the environment's retention. By default prod keeps
 * the group when the stack is deleted and other environments delete it.
 */
export function createMeshLogGroup(
  scope: Construct,
  id: string,
  options: {
    readonly logGroupName: string;
    readonly environment: MeshEnvironment;
    /** @default RETAIN in prod, DESTROY elsewhere */
    readonly removalPolicy?: RemovalPolicy;
  },
): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: options.logGroupName,
    retention: logRetentionFor(options.environment),
    removalPolicy:
      options.removalPolicy ??
      (options.environment === 'prod'
        ? RemovalPolicy.RETAIN
        : RemovalPolicy.DESTROY),
  });
}
