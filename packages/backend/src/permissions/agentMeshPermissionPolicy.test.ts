import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  agentMeshApprovePermission,
  agentMeshDemotePermission,
  agentMeshPromotePermission,
  agentMeshReadPermission,
} from '@agent-mesh/plugin-agent-mesh-common';
import { AgentMeshPermissionPolicy } from './agentMeshPermissionPolicy';

const user = {
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/platform-team'],
  },
} as PolicyQueryUser;

describe('AgentMeshPermissionPolicy', () => {
  const policy = new AgentMeshPermissionPolicy();

  it.each([agentMeshReadPermission, catalogEntityReadPermission])(
    'allows reading ($name)',
    async permission => {
      await expect(policy.handle({ permission }, user)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it.each([
    agentMeshPromotePermission,
    agentMeshDemotePermission,
    agentMeshApprovePermission,
  ])('limits $name to the entity owners', async permission => {
    await expect(policy.handle({ permission }, user)).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/guest', 'group:default/platform-team'],
        },
      },
    });
  });

  it('gives a caller without ownership refs a condition no entity meets', async () => {
    const decision = await policy.handle({
      permission: agentMeshPromotePermission,
    });
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });

  it('allows permissions it does not govern', async () => {
    const other = createPermission({ name: 'other.thing', attributes: {} });
    await expect(policy.handle({ permission: other }, user)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
