import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  AGENT_MESH_ANNOTATIONS,
  agentMeshReadPermission,
  isTier,
  Tier,
} from '@agent-mesh/plugin-agent-mesh-common';
import { Request } from 'express';
import { MeshCatalog } from '../catalog/meshCatalog';
import { meshAnnotationProblem } from '../catalog/meshAnnotations';
import { MeshTarget } from '../aws/meshTarget';
import { MeshAccessCache } from './meshAccessCache';
import { MeshOwnership } from '../catalog/meshOwnership';

export interface MeshAccessDeps {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  meshCatalog: MeshCatalog;
  /** Keeps each caller's outcome of the checks for a few seconds (`agentMesh.access.cacheTtl`). */
  accessCache?: MeshAccessCache<CheckedMesh>;
  /** Whether the entity may speak for the mesh in AWS; routes that change a mesh in AWS ask it first. */
  ownership: MeshOwnership;
}

export interface ResolvedMesh {
  entityRef: string;
  /** The mesh's System entity, as the caller may see it. */
  entity: Entity;
  target: MeshTarget;
  tier?: Tier;
  credentials: BackstageCredentials;
}

/** What the checks establish about a mesh for one caller, before that request's credentials are added. */
export type CheckedMesh = Omit<ResolvedMesh, 'credentials'>;

/** The annotations a mesh needs before its AWS resources can be found, in the order they are checked. */
const REQUIRED_ANNOTATIONS = [
  AGENT_MESH_ANNOTATIONS.meshId,
  AGENT_MESH_ANNOTATIONS.awsAccount,
  AGENT_MESH_ANNOTATIONS.region,
];

/**
 * The mesh a request names, after the checks every mesh route makes: user or service credentials, the
 * entity exists and is a mesh (else 404), `agent-mesh.read` on it (else 403), and its annotations are
 * present (else 404 naming the missing one).
 */
export async function resolveMesh(
  // Any request, whatever the spec typed its parameters as.
  req: Request<any, any, any, any>,
  params: { namespace: string; name: string },
  deps: Omit<MeshAccessDeps, 'ownership'>,
): Promise<ResolvedMesh> {
  const credentials = await deps.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  return resolveMeshFor(credentials, params, deps);
}

/** {@link resolveMesh} for a caller whose credentials are known (an action of the actions registry). */
export async function resolveMeshFor(
  credentials: BackstageCredentials,
  params: { namespace: string; name: string },
  deps: Omit<MeshAccessDeps, 'httpAuth' | 'ownership'>,
): Promise<ResolvedMesh> {
  const entityRef = stringifyEntityRef({
    kind: 'system',
    namespace: params.namespace,
    name: params.name,
  });
  const check = () => checkMesh(credentials, entityRef, deps);
  const checked = await (deps.accessCache
    ? deps.accessCache.remember(credentials, entityRef, check)
    : check());
  // The credentials are this request's own: a cached check never lends another request's token.
  return { ...checked, credentials };
}

async function checkMesh(
  credentials: BackstageCredentials,
  entityRef: string,
  deps: Pick<MeshAccessDeps, 'meshCatalog' | 'permissions'>,
): Promise<CheckedMesh> {
  const entity = await deps.meshCatalog.getMeshEntity(entityRef, credentials);
  if (!entity) {
    throw new NotFoundError(`No agent mesh ${entityRef} in the catalog`);
  }
  const [decision] = await deps.permissions.authorize(
    [{ permission: agentMeshReadPermission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed to read agent mesh ${entityRef} (permission ${agentMeshReadPermission.name})`,
    );
  }
  const annotations = entity.metadata.annotations ?? {};
  const missing = REQUIRED_ANNOTATIONS.find(a => !annotations[a]);
  if (missing) {
    throw new NotFoundError(
      `Agent mesh ${entityRef} is missing the annotation ${missing}`,
    );
  }
  const problem = meshAnnotationProblem({
    meshId: annotations[AGENT_MESH_ANNOTATIONS.meshId],
    awsAccount: annotations[AGENT_MESH_ANNOTATIONS.awsAccount],
    region: annotations[AGENT_MESH_ANNOTATIONS.region],
  });
  if (problem) {
    throw new NotFoundError(
      `Agent mesh ${entityRef} cannot be read: ${problem}`,
    );
  }
  const tier = annotations[AGENT_MESH_ANNOTATIONS.tier];
  return {
    entityRef,
    entity,
    tier: isTier(tier) ? tier : undefined,
    target: {
      meshId: annotations[AGENT_MESH_ANNOTATIONS.meshId],
      accountId: annotations[AGENT_MESH_ANNOTATIONS.awsAccount],
      region: annotations[AGENT_MESH_ANNOTATIONS.region],
    },
  };
}

/**
 * Refuses (403, naming the permission) unless the caller of `mesh` holds `permission` on the mesh's entity.
 * Mutating routes call it after {@link resolveMesh}, before they change anything.
 */
export async function requireMeshPermission(
  mesh: ResolvedMesh,
  permission: ResourcePermission<'catalog-entity'>,
  deps: Pick<MeshAccessDeps, 'permissions'>,
): Promise<void> {
  const [decision] = await deps.permissions.authorize(
    [{ permission, resourceRef: mesh.entityRef }],
    { credentials: mesh.credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed to ${permission.name} on agent mesh ${mesh.entityRef}`,
    );
  }
}
