import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { AgentMeshApi, agentMeshApiRef } from '../api';

type ApiPairs = Parameters<typeof TestApiProvider>[0]['apis'];

/** A mesh: a System of type agent-mesh with these annotations; `metadata` overrides name and namespace. */
export function meshEntity(
  annotations: Record<string, string>,
  metadata: Partial<Entity['metadata']> = {},
  spec: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'billing-staging', annotations, ...metadata },
    spec: { type: 'agent-mesh', ...spec },
  };
}

/**
 * Renders `element` on the page of `entity` with the Agent Mesh API `api` and any `apis` besides, and the
 * catalog's entity route mounted (for entity links).
 */
export function renderWithEntity(
  element: ReactElement,
  entity: Entity,
  api: AgentMeshApi,
  apis: ApiPairs = [],
) {
  return renderInTestApp(
    <TestApiProvider apis={[[agentMeshApiRef, api], ...apis]}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/**
 * The APIs a page that changes lanes asks besides the Agent Mesh API: permissions allowing `allowed` (or
 * a given permission API) and the signed-in user.
 */
export function laneApis(
  permissionApi: PermissionApi,
  user = 'user:default/alice',
): ApiPairs {
  return [
    [permissionApiRef, permissionApi],
    [identityApiRef, mockApis.identity({ userEntityRef: user })],
  ];
}
