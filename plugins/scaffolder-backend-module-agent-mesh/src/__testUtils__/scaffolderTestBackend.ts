import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import request from 'supertest';
import agentMeshFeature from '../index';
import { Tier } from '@agent-mesh/plugin-agent-mesh-common';
import { loadTemplate } from './templateFiles';

const guest = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'mock', namespace: 'default' },
  spec: { profile: { displayName: 'Mock User', email: 'mock@example.com' } },
};

/** The dry-run API's answer. */
export interface DryRunResult {
  status: number;
  body: {
    errors?: {
      property?: string;
      path?: (string | number)[];
      message: string;
      stack: string;
    }[];
    error?: { message: string };
    log?: { body: { message: string; stepId?: string; status?: string } }[];
    steps?: { id: string; action: string }[];
    output?: JsonObject;
    directoryContents?: {
      path: string;
      base64Content: string;
      executable?: boolean;
    }[];
  };
}

/**
 * Starts a backend with the real scaffolder plugin, the Agent Mesh module and a mock catalog, and returns a
 * function that dry-runs one of the repository's templates with the given parameter values.
 */
export async function startScaffolderTestBackend(
  config: JsonObject = {},
): Promise<{
  dryRun: (tier: Tier, values: JsonObject) => Promise<DryRunResult>;
}> {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      agentMeshFeature,
      catalogServiceMock.factory({ entities: [guest] }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const dryRun = async (
    tier: Tier,
    values: JsonObject,
  ): Promise<DryRunResult> => {
    const { template, directoryContents } = loadTemplate(tier);
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({ template, values, directoryContents });
    return { status: res.status, body: res.body };
  };
  return { dryRun };
}

/** Sample form values for each tier. */
export const SAMPLE_VALUES: Record<Tier, JsonObject> = {
  small: {
    meshName: 'support-test',
    description: 'Answers support tickets',
    owner: 'group:default/platform-team',
    environment: 'dev',
    awsAccountId: '111111111111',
    region: 'eu-west-1',
    specialistAgents: ['lambda-expert'],
    initialLane: 'read_only',
    monthlyBudgetUsd: 100,
    repoUrl: 'github.com?owner=acme&repo=support-test',
  },
  medium: {
    meshName: 'billing-staging',
    description:
      'Reconciles invoices: "quoted", `ticked`, ${{ not.a.template }} and ünïcødé ✓',
    owner: 'group:default/platform-team',
    environment: 'staging',
    awsAccountId: '222222222222',
    region: 'us-east-1',
    specialistAgents: ['dynamodb-expert', 's3-expert'],
    initialLane: 'dry_run',
    monthlyBudgetUsd: 400,
    alarmEmail: 'ops@example.com',
    repoUrl: 'github.com?owner=acme&repo=billing-staging',
  },
  large: {
    meshName: 'search-prod',
    description: 'Indexes and ranks documents',
    owner: 'group:default/platform-team',
    environment: 'prod',
    awsAccountId: '333333333333',
    region: 'us-west-2',
    specialistAgents: [
      'cloudfront-expert',
      'lambda-expert',
      's3-expert',
      'dynamodb-expert',
    ],
    initialLane: 'read_only',
    monthlyBudgetUsd: 1000,
    integrations: ['stripe', 'vercel'],
    repoUrl: 'github.com?owner=acme&repo=search-prod',
  },
};
