import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The Agent Mesh permissions. They apply to the mesh's catalog entity (resource type `catalog-entity`),
 * so catalog rules such as ownership can decide them.
 *
 * @public
 */
export const agentMeshReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'agent-mesh.read',
    attributes: { action: 'read' },
    resourceType: 'catalog-entity',
  });

/** @public */
export const agentMeshPromotePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'agent-mesh.lane.promote',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

/** @public */
export const agentMeshDemotePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'agent-mesh.lane.demote',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

/** @public */
export const agentMeshApprovePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'agent-mesh.approval.decide',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

/**
 * Asking for a promotion that a person must approve, never applying it: what an agent of the mesh may do for
 * itself through the portal's actions (MCP).
 *
 * @public
 */
export const agentMeshRequestPromotionPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'agent-mesh.promotion.request',
    attributes: { action: 'create' },
    resourceType: 'catalog-entity',
  });

/** @public */
export const agentMeshPermissions = [
  agentMeshReadPermission,
  agentMeshPromotePermission,
  agentMeshRequestPromotionPermission,
  agentMeshDemotePermission,
  agentMeshApprovePermission,
];
