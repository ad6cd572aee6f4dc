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
  agentMeshRequestPromotionPermission,
} from '@agent-mesh/plugin-agent-mesh-common';
import { AgentMeshPermissionPolicy } from './agentMeshPermissionPolicy';

const user = {
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/platform-team'],
  },
} as PolicyQueryUser;

const approver = {
  info: {
    userEntityRef: 'user:default/reviewer',
    ownershipEntityRefs: [
      'user:default/reviewer',
      'group:default/mesh-approvers',
    ],
  },
} as PolicyQueryUser;

describe('AgentMeshPermissionPolicy', () => {
  const policy = new AgentMeshPermissionPolicy({
    approverGroups: ['group:default/mesh-approvers'],
  });

  it.each([agentMeshReadPermission, catalogEntityReadPermission])(
    'allows reading ($name)',
    async permission => {
      await expect(policy.handle({ permission }, user)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it('lets members of an approver group decide approvals, and nobody else', async () => {
    const permission = agentMeshApprovePermission;
    await expect(policy.handle({ permission }, approver)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle({ permission }, user)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    // A service principal has no user info.
    await expect(policy.handle({ permission })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(
      new AgentMeshPermissionPolicy().handle({ permission }, approver),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets a service request a promotion (the action limits it to its own agent), and owners too', async () => {
    const permission = agentMeshRequestPromotionPermission;
    await expect(policy.handle({ permission })).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle({ permission }, user)).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { rule: 'IS_ENTITY_OWNER' },
    });
  });

  it.each([agentMeshPromotePermission, agentMeshDemotePermission])(
    'limits $name to the entity owners',
    async permission => {
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
    },
  );

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
