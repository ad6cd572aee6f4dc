import { Construct } from 'constructs';
import { acknowledgeCdkProviders } from '../validation/acknowledge-cdk-providers';
import { AgentIntegrations } from '../integrations/agent-integrations';
import { MeshStack } from './mesh-stack';
import { MeshWithIntegrationsProps } from './mesh-stack-props';

/**
 * Props of {@link MediumMesh}.
 *
 * @public
 */
export interface MediumMeshProps extends MeshWithIntegrationsProps {}

/**
 * The medium tier (`TIER_FACTS.medium`, for production workloads): all three lanes, the
 * full conductor workflow with the approval gate, private subnets behind one NAT gateway, and alerting
 * through an encrypted SNS topic.
 *
 * @public
 */
export class MediumMesh extends MeshStack {
  public readonly integrations?: AgentIntegrations;

  constructor(scope: Construct, id: string, props: MediumMeshProps) {
    super(scope, id, props, 'medium');
    this.integrations = this.addIntegrations(
      props.integrations,
      props.environment,
    );
    acknowledgeCdkProviders(this);
  }
}
