import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AGENT_MESH_ANNOTATIONS,
  agentMeshReadPermission,
  isTier,
  Tier,
} from '@agent-mesh/plugin-agent-mesh-common';
import { Request } from 'express';
import { MeshCatalog } from '../catalog/meshCatalog';
import { MeshTarget } from '../aws/meshTarget';

export interface MeshAccessDeps {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  meshCatalog: MeshCatalog;
}

export interface ResolvedMesh {
  entityRef: string;
  target: MeshTarget;
  tier?: Tier;
  credentials: BackstageCredentials;
}

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
  deps: MeshAccessDeps,
): Promise<ResolvedMesh> {
  const credentials = await deps.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const entityRef = stringifyEntityRef({
    kind: 'system',
    namespace: params.namespace,
    name: params.name,
  });
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
  const tier = annotations[AGENT_MESH_ANNOTATIONS.tier];
  return {
    entityRef,
    credentials,
    tier: isTier(tier) ? tier : undefined,
    target: {
      meshId: annotations[AGENT_MESH_ANNOTATIONS.meshId],
      accountId: annotations[AGENT_MESH_ANNOTATIONS.awsAccount],
      region: annotations[AGENT_MESH_ANNOTATIONS.region],
    },
  };
}
