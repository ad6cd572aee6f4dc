import { Construct } from 'constructs';
import { acknowledgeCdkProviders } from '../validation/acknowledge-cdk-providers';
import { MeshStack } from './mesh-stack';
import { MeshStackProps } from './mesh-stack-props';

/**
 * Props of {@link SmallMesh}.
 *
 * @public
 */
export interface SmallMeshProps extends MeshStackProps {}

/**
 * The small tier (`TIER_FACTS.small`, for development and small teams): the bus, the
 * three core agents in the `read_only` and `dry_run` lanes on Fargate Spot in public subnets (no NAT gateway),
 * the conductor workflow without a human approval gate, the sweeper, basic alarms and the budget. It has no
 * subtask queue: only `execute` task roles would consume one, and a small mesh has no `execute` lane, so its bus
 * creates no queue, dead-letter queue or DLQ alarm, no lane holds SQS permissions, and its conductor queues
 * nothing (see `queuesSubtasks`, `AgentOrchestrationProps.queueSubtasks`).
 *
 * @public
 */
export class SmallMesh extends MeshStack {
  constructor(scope: Construct, id: string, props: SmallMeshProps) {
    super(scope, id, props, 'small');
    acknowledgeCdkProviders(this);
  }
}
