import { Lane } from '@agent-mesh/mesh-model';
import { Construct } from 'constructs';
import { acknowledgeCdkProviders } from '../validation/acknowledge-cdk-providers';
import { AgentIntegrations } from '../integrations/agent-integrations';
import { AgentMlFeatures } from '../ml/agent-ml-features';
import { MeshStack } from './mesh-stack';
import { MeshWithIntegrationsProps } from './mesh-stack-props';

/**
 * The lanes whose task roles may use the ML database, and whose task definitions say where it is. Only `execute`:
 * the Data API runs any statement with the cluster's credentials, so it cannot be limited to reads (for
 * `read_only`) or to dry-run rows (for `dry_run`) by IAM; those lanes reach the database port but hold no
 * credentials.
 *
 * @public
 */
export const ML_DATABASE_LANES: readonly Lane[] = ['execute'];

/**
 * Props of {@link LargeMesh}.
 *
 * @public
 */
export interface LargeMeshProps extends MeshWithIntegrationsProps {
  /**
   * Maximum Aurora capacity units of the ML database.
   * @default 8
   */
  readonly mlMaxCapacity?: number;
}

/**
 * The large tier (`TIER_FACTS.large`): everything in medium, NAT gateways in two
 * zones, Aurora Serverless v2 PostgreSQL with pgvector reachable from the agents, a detailed dashboard,
 * and optional webhook integrations.
 *
 * @public
 */
export class LargeMesh extends MeshStack {
  public readonly ml: AgentMlFeatures;
  public readonly integrations?: AgentIntegrations;

  constructor(scope: Construct, id: string, props: LargeMeshProps) {
    super(scope, id, props, 'large');
    this.ml = new AgentMlFeatures(this, 'MlFeatures', {
      meshId: props.meshId,
      vpc: this.compute.vpc,
      clients: [this.compute.securityGroup],
      maxCapacity: props.mlMaxCapacity ?? 8,
      environment: props.environment,
    });
    for (const role of this.compute.taskRolesIn(ML_DATABASE_LANES)) {
      this.ml.grantDataAccess(role);
    }
    this.compute.addLaneEnvironment(ML_DATABASE_LANES, this.ml.taskEnvironment);
    this.observability.dashboard.addWidgets(...this.ml.dashboardWidgets());
    this.integrations = this.addIntegrations(
      props.integrations,
      props.environment,
    );
    acknowledgeCdkProviders(this);
  }
}
