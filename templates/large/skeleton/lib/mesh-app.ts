import {
  IntegrationProvider,
  LargeMesh,
  MediumMesh,
  MeshStack,
  MeshStackProps,
  SmallMesh,
} from '@agent-mesh/infra-constructs';
import { MESH_ID_PATTERN } from '@agent-mesh/plugin-agent-mesh-common';
import { App, AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MeshConfig } from './mesh-config';

/**
 * The CDK app: the tier stack of @agent-mesh/infra-constructs built from mesh.config.json, checked by cdk-nag's
 * AwsSolutions rules (an unacknowledged error fails synth). The stack is environment-agnostic so synth needs no
 * AWS credentials; the deploy workflow picks the account and region from mesh.config.json.
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
  const props: MeshStackProps = {
    meshId: config.meshId,
    agents: config.agents,
    environment: config.environment as MeshStackProps['environment'],
    initialLane: config.initialLane as MeshStackProps['initialLane'],
    monthlyBudgetUsd: config.monthlyBudgetUsd,
    alarmEmail: config.alarmEmail,
    description: `Agent mesh ${config.meshId} (${config.tier})`,
  };
  // An invalid mesh id would fail CDK's stack-name check first; a neutral id lets the tier stack name the problem.
  const id = MESH_ID_PATTERN.test(config.meshId)
    ? `agent-mesh-${config.meshId}`
    : 'agent-mesh-invalid-mesh-id';
  const integrations = config.integrations as IntegrationProvider[];
  let stack: MeshStack;
  if (config.tier === 'small') {
    if (integrations.length > 0) {
      throw new Error(
        'integrations: the small tier has no webhook integrations; choose medium or large',
      );
    }
    stack = new SmallMesh(app, id, props);
  } else if (config.tier === 'medium') {
    stack = new MediumMesh(app, id, { ...props, integrations });
  } else {
    stack = new LargeMesh(app, id, { ...props, integrations });
  }
  return { app, stack };
}
