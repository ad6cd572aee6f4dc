import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { MeshCatalog } from '../catalog/meshCatalog';
import { CheckedMesh, resolveMeshFor } from './meshAccess';
import { MeshAccessCache } from './meshAccessCache';

const MESH: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'billing-dev',
    namespace: 'default',
    annotations: {
      [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-dev',
      [AGENT_MESH_ANNOTATIONS.awsAccount]: '123456789012',
      [AGENT_MESH_ANNOTATIONS.region]: 'eu-west-1',
    },
  },
  spec: { type: 'agent-mesh', owner: 'team-a' },
};
const PARAMS = { namespace: 'default', name: 'billing-dev' };

function setup(decision: AuthorizeResult = AuthorizeResult.ALLOW) {
  const getMeshEntity = jest.fn<
    ReturnType<MeshCatalog['getMeshEntity']>,
    Parameters<MeshCatalog['getMeshEntity']>
  >(async () => MESH);
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(() => ({ result: decision as AuthorizeResult.ALLOW })),
  );
  const deps = {
    meshCatalog: { getMeshEntity, listMeshes: jest.fn() },
    permissions,
    accessCache: new MeshAccessCache<CheckedMesh>(60_000),
  };
  return { deps, getMeshEntity, permissions };
}

describe('resolveMeshFor with the access cache', () => {
  it('GIVEN one user WHEN the user asks twice THEN the catalog and the permission backend are asked once, and each answer carries its own credentials', async () => {
    const { deps, getMeshEntity, permissions } = setup();
    const first = mockCredentials.user('user:default/alice');
    const second = mockCredentials.user('user:default/alice');

    const a = await resolveMeshFor(first, PARAMS, deps);
    const b = await resolveMeshFor(second, PARAMS, deps);

    expect(getMeshEntity).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(a.credentials).toBe(first);
    expect(b.credentials).toBe(second);
    expect(b.target).toEqual({
      meshId: 'billing-dev',
      accountId: '123456789012',
      region: 'eu-west-1',
    });
  });

  it('GIVEN two users WHEN each asks THEN each is checked on their own', async () => {
    const { deps, getMeshEntity, permissions } = setup();
    await resolveMeshFor(mockCredentials.user('user:default/alice'), PARAMS, deps);
    await resolveMeshFor(mockCredentials.user('user:default/bob'), PARAMS, deps);
    expect(getMeshEntity).toHaveBeenCalledTimes(2);
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
  });

  it('GIVEN concurrent requests of one user WHEN they arrive together THEN they share one check', async () => {
    const { deps, getMeshEntity } = setup();
    const user = mockCredentials.user('user:default/alice');
    await Promise.all(
      Array.from({ length: 20 }, () => resolveMeshFor(user, PARAMS, deps)),
    );
    expect(getMeshEntity).toHaveBeenCalledTimes(1);
  });

  it('GIVEN a refused user WHEN they ask again THEN the refusal is answered from the cache', async () => {
    const { deps, permissions } = setup(AuthorizeResult.DENY);
    const user = mockCredentials.user('user:default/mallory');
    await expect(resolveMeshFor(user, PARAMS, deps)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    await expect(resolveMeshFor(user, PARAMS, deps)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
  });

  it('GIVEN the catalog fails once WHEN the user asks again THEN the failure is not kept and the catalog is asked again', async () => {
    const { deps, getMeshEntity } = setup();
    getMeshEntity.mockRejectedValueOnce(new Error('catalog unavailable'));
    const user = mockCredentials.user('user:default/alice');
    await expect(resolveMeshFor(user, PARAMS, deps)).rejects.toThrow(
      'catalog unavailable',
    );
    await expect(resolveMeshFor(user, PARAMS, deps)).resolves.toMatchObject({
      entityRef: 'system:default/billing-dev',
    });
    expect(getMeshEntity).toHaveBeenCalledTimes(2);
  });

  it('GIVEN a missing mesh WHEN asked THEN 404, also from the cache', async () => {
    const { deps, getMeshEntity } = setup();
    getMeshEntity.mockResolvedValue(undefined);
    const user = mockCredentials.user('user:default/alice');
    for (let i = 0; i < 2; i++) {
      await expect(resolveMeshFor(user, PARAMS, deps)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
    expect(getMeshEntity).toHaveBeenCalledTimes(1);
  });

  it('GIVEN a cache whose entries have expired WHEN the user asks again THEN the checks run again', async () => {
    const { deps, getMeshEntity } = setup();
    const shortLived = { ...deps, accessCache: new MeshAccessCache<CheckedMesh>(1) };
    const user = mockCredentials.user('user:default/alice');
    await resolveMeshFor(user, PARAMS, shortLived);
    await new Promise(done => setTimeout(done, 5));
    await resolveMeshFor(user, PARAMS, shortLived);
    expect(getMeshEntity).toHaveBeenCalledTimes(2);
  });
});
