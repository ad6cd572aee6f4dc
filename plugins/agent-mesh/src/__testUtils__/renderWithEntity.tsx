import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
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
import { permissionApiAllowing, uniqueMeshEntityRef } from './permissionApi';

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
 * A mesh owned by platform-team under a name no other test used (`default/billing-staging-N`): permission
 * answers are cached per resource for the whole test file. By default it is annotated as mesh billing-staging.
 */
export function uniqueMeshEntity(
  annotations: Record<string, string> = {
    [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-staging',
  },
): Entity {
  const { namespace, name } = parseEntityRef(uniqueMeshEntityRef());
  return meshEntity(
    annotations,
    { name, namespace },
    { owner: 'platform-team' },
  );
}

/**
 * Renders `element` with the Agent Mesh API `api` and any `apis` besides, and the catalog's entity route
 * mounted (for entity links).
 */
export function renderWithApi(
  element: ReactElement,
  api: AgentMeshApi,
  apis: ApiPairs = [],
) {
  return renderInTestApp(
    <TestApiProvider apis={[[agentMeshApiRef, api], ...apis]}>
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** Renders `element` as `renderWithApi` does, on the page of `entity`. */
export function renderWithEntity(
  element: ReactElement,
  entity: Entity,
  api: AgentMeshApi,
  apis: ApiPairs = [],
) {
  return renderWithApi(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    api,
    apis,
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

/** The mesh the lanes-tab cards show in their tests, as the routes address it. */
export const STAGING_MESH = { namespace: 'default', name: 'billing-staging' };

/**
 * Renders a lanes-tab card of {@link STAGING_MESH} under a mesh ref no other test used, for `user`
 * (alice by default) allowed only the `allowed` permissions.
 */
export function renderLaneCard(
  card: (ids: { mesh: typeof STAGING_MESH; entityRef: string }) => ReactElement,
  api: AgentMeshApi,
  options: { allowed: string[]; user?: string },
) {
  const ids = { mesh: STAGING_MESH, entityRef: uniqueMeshEntityRef() };
  return renderWithApi(
    card(ids),
    api,
    laneApis(permissionApiAllowing(...options.allowed), options.user),
  );
}
