import { Lane, meshResourceNames } from '@agent-mesh/mesh-model';

/**
 * The ECS task definition family of an agent in a lane. The workflow builds this name at run time
 * from the agent and the lane it read from the KV table, which is why it is a convention and not a
 * generated name.
 *
 * @public
 */
export function taskFamily(meshId: string, agent: string, lane: Lane): string {
  return `${meshResourceNames(meshId).prefix}-${agent}-${lane}`;
}

/**
 * The task definition family of a workflow step (the conductor's plan, the critic's review).
 *
 * @public
 */
export function stepTaskFamily(meshId: string, step: WorkflowStep): string {
  const agent = step === 'plan' ? 'conductor' : 'critic';
  return `${meshResourceNames(meshId).prefix}-${agent}-${step}`;
}

/**
 * Workflow steps that run an agent outside its lane: they only read and report back to the workflow.
 *
 * @public
 */
export type WorkflowStep = 'plan' | 'review';

/** The core agents every orchestrated mesh needs. @public */
export const CORE_AGENTS = ['conductor', 'critic', 'sweeper'] as const;

/** Partition keys a dry_run role may write start with this. @public */
export const DRY_RUN_KEY_PREFIX = 'dry-run#';
/** S3 keys a dry_run role may write start with this. @public */
export const DRY_RUN_OBJECT_PREFIX = 'dry-run/';
/** Event detail-types a dry_run role may put on the bus start with this. @public */
export const DRY_RUN_DETAIL_TYPE_PREFIX = 'agent-mesh.dry-run.';
