import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { agentMeshPlugin } from './plugin';

const mesh: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'billing-dev',
    namespace: 'default',
    annotations: {
      'agent-mesh.io/mesh-id': 'billing-dev',
      'agent-mesh.io/aws-account': '123456789012',
      'agent-mesh.io/region': 'eu-west-1',
      'agent-mesh.io/tier': 'medium',
    },
  },
  spec: { type: 'agent-mesh', owner: 'group:default/platform-team' },
};

const conductor: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing-dev-conductor',
    namespace: 'default',
    annotations: { 'agent-mesh.io/agent-name': 'conductor' },
  },
  spec: {
    type: 'agent',
    lifecycle: 'experimental',
    owner: 'group:default/platform-team',
    system: 'billing-dev',
  },
};

const unrelatedSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};

function startBackend(options?: {
  config?: object;
  permissionResult?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
}) {
  return startTestBackend({
    features: [
      agentMeshPlugin,
      mockServices.rootConfig.factory({ data: options?.config ?? {} }),
      mockServices.permissions.factory({
        result: options?.permissionResult ?? AuthorizeResult.ALLOW,
      }),
      catalogServiceMock.factory({
        entities: [mesh, conductor, unrelatedSystem],
      }),
    ],
  });
}

describe('agentMeshPlugin', () => {
  it('answers /health without credentials', async () => {
    const { server } = await startBackend();

    const response = await request(server)
      .get('/api/agent-mesh/health')
      .set('Authorization', mockCredentials.none.header());

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', cache: 'ok' });
  });

  it('refuses /meshes without credentials', async () => {
    const { server } = await startBackend();

    const response = await request(server)
      .get('/api/agent-mesh/meshes')
      .set('Authorization', mockCredentials.none.header());

    expect(response.status).toBe(401);
  });

  it('lists the meshes of the catalog with their agents for a signed-in user', async () => {
    const { server } = await startBackend();

    const response = await request(server)
      .get('/api/agent-mesh/meshes')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      {
        entityRef: 'system:default/billing-dev',
        name: 'billing-dev',
        owner: 'group:default/platform-team',
        meshId: 'billing-dev',
        awsAccount: '123456789012',
        region: 'eu-west-1',
        tier: 'medium',
        agents: [
          {
            entityRef: 'component:default/billing-dev-conductor',
            name: 'conductor',
          },
        ],
      },
    ]);
  });

  it('hides meshes the user may not read', async () => {
    const { server } = await startBackend({
      permissionResult: AuthorizeResult.DENY,
    });

    const response = await request(server)
      .get('/api/agent-mesh/meshes')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('stops at start on a bad agentMesh config value, naming the key', async () => {
    await expect(
      startBackend({
        config: {
          agentMesh: { aws: { endpoints: { stepFunctions: 'not a url' } } },
        },
      }),
    ).rejects.toThrow(/agentMesh\.aws\.endpoints\.stepFunctions/);
  });
});
