import { MESH_ID_PATTERN } from '@agent-mesh/mesh-model';
import { App, AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IntegrationProvider } from '../integrations/agent-integrations';
import { MeshStack } from '../tiers/mesh-stack';
import {
  MeshStackProps,
  MeshWithIntegrationsProps,
} from '../tiers/mesh-stack-props';
import { TIER_STACKS } from '../tiers/tier-stacks';
import { tierIntegrationsProblem } from '../validation/mesh-rules';
import { MeshConfig } from './mesh-config';

/**
 * The stack id (and CloudFormation stack name) of a mesh: `agent-mesh-<meshId>`. An invalid mesh id would fail
 * CDK's stack-name check before the tier stack's own props validation could name the problem, so such a mesh
 * gets the neutral id `agent-mesh-invalid-mesh-id` and the tier stack reports the bad `meshId`.
 *
 * @public
 */
export function meshStackId(meshId: string): string {
  return MESH_ID_PATTERN.test(meshId)
    ? `agent-mesh-${meshId}`
    : 'agent-mesh-invalid-mesh-id';
}

/**
 * Constructs the tier stack of a mesh configuration in `app`. The stack's constructor validates the props and
 * throws one error naming every bad prop.
 *
 * @public
 */
export function createMeshStack(app: App, config: MeshConfig): MeshStack {
  const integrations = config.integrations as IntegrationProvider[];
  const problem = tierIntegrationsProblem(config.tier, integrations);
  if (problem) {
    throw new Error(`integrations: ${problem}`);
  }
  const props: MeshWithIntegrationsProps = {
    meshId: config.meshId,
    agents: config.agents,
    environment: config.environment as MeshStackProps['environment'],
    initialLane: config.initialLane as MeshStackProps['initialLane'],
    monthlyBudgetUsd: config.monthlyBudgetUsd,
    alarmEmail: config.alarmEmail,
    approvals: config.approvals,
    imageTag: config.imageTag,
    secrets: config.secrets,
    catalogEntityRef: config.catalogEntityRef,
    integrations,
    description: `Agent mesh ${config.meshId} (${config.tier})`,
  };
  return new TIER_STACKS[config.tier](app, meshStackId(config.meshId), props);
}

/**
 * The CDK app of a generated mesh repository: the tier stack built from its `mesh.config.json`, checked by
 * cdk-nag's AwsSolutions rules (an unacknowledged error fails synth). The stack is environment-agnostic, so
 * synth needs no AWS credentials; when the CDK CLI runs with credentials (`CDK_DEFAULT_ACCOUNT`) of another
 * account than `awsAccountId`, it refuses.
 *
 * @public
 */
export function buildMeshApp(
  config: MeshConfig,
  appProps?: AppProps,
): { app: App; stack: MeshStack } {
  const deployAccount = process.env.CDK_DEFAULT_ACCOUNT;
  if (deployAccount && deployAccount !== config.awsAccountId) {
    throw new Error(
      `The AWS credentials in use are for account ${deployAccount}, but mesh.config.json deploys to ${config.awsAccountId}`,
    );
  }
  const app = new App(appProps);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = createMeshStack(app, config);
  return { app, stack };
}
