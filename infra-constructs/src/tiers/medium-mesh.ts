import { Construct } from 'constructs';
import { acknowledgeCdkProviders } from '../validation/acknowledge-cdk-providers';
import {
  AgentIntegrations,
  IntegrationProvider,
} from '../integrations/agent-integrations';
import { MeshStack } from './mesh-stack';
import { MeshStackProps } from './mesh-stack-props';

/**
 * Props of {@link MediumMesh}.
 *
 * @public
 */
export interface MediumMeshProps extends MeshStackProps {
  /**
   * Webhook integrations to create.
   * @default none
   */
  readonly integrations?: readonly IntegrationProvider[];
}

/**
 * The medium tier (seed: ~100-500 USD a month, production workloads): all three lanes, the full
 * conductor workflow with the approval gate, private subnets behind one NAT gateway, and alerting
 * through an encrypted SNS topic.
 *
 * @public
 */
export class MediumMesh extends MeshStack {
  public readonly integrations?: AgentIntegrations;

  constructor(scope: Construct, id: string, props: MediumMeshProps) {
    super(scope, id, props, {
      tier: 'medium',
      lanes: ['read_only', 'dry_run', 'execute'],
      natGateways: 1,
      approvalGate: true,
      alarmTopic: true,
      detailedDashboard: false,
      defaultBudgetUsd: 500,
    });
    this.integrations = this.addIntegrations(
      props.integrations,
      props.environment,
    );
    acknowledgeCdkProviders(this);
  }
}
