import {
  IntegrationProvider,
  LargeMesh,
  MediumMesh,
  MeshStack,
  MeshStackProps,
  SmallMesh,
} from '@agent-mesh/infra-constructs';
import { Lane, MESH_ID_PATTERN } from '@agent-mesh/plugin-agent-mesh-common';
import { App } from 'aws-cdk-lib';
import { MeshConfig } from './meshConfig';

/** The stack id (and CloudFormation stack name) of a mesh. */
export function meshStackName(meshId: string): string {
  return `agent-mesh-${meshId}`;
}

/**
 * Constructs the tier stack for a mesh configuration. The stack's constructor validates the props and throws
 * one error naming every bad prop; that error is the validation result the actions report.
 */
export function createTierStack(app: App, config: MeshConfig): MeshStack {
  const props: MeshStackProps = {
    meshId: config.meshId,
    agents: config.agents,
    environment: config.environment as MeshStackProps['environment'],
    initialLane: config.initialLane as Lane,
    monthlyBudgetUsd: config.monthlyBudgetUsd,
    alarmEmail: config.alarmEmail,
  };
  // A stack id made of an invalid mesh id would fail CDK's stack-name check before the tier's own props
  // validation could name the problem, so such a configuration is constructed under a neutral id.
  const id = MESH_ID_PATTERN.test(config.meshId)
    ? meshStackName(config.meshId)
    : 'agent-mesh-invalid-mesh-id';
  const integrations = config.integrations as IntegrationProvider[];
  switch (config.tier) {
    case 'small':
      return new SmallMesh(app, id, props);
    case 'medium':
      return new MediumMesh(app, id, { ...props, integrations });
    default:
      return new LargeMesh(app, id, { ...props, integrations });
  }
}
