import {
  DEFAULT_NAMESPACE,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { useMemo } from 'react';
import { MeshRef } from '../api';

/** The mesh of the current entity page, as the backend routes address it. */
export function useMeshRef(): MeshRef {
  const { entity } = useEntity();
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const name = entity.metadata.name;
  return useMemo(() => ({ namespace, name }), [namespace, name]);
}

/**
 * The mesh of the current entity page with what its tabs need besides the route: its entity ref (the
 * resource permissions are decided for) and its region (annotation `agent-mesh.io/region`, for the AWS
 * console links).
 */
export function useMeshEntity(): {
  mesh: MeshRef;
  entityRef: string;
  region?: string;
} {
  const { entity } = useEntity();
  return {
    mesh: useMeshRef(),
    entityRef: stringifyEntityRef(entity),
    region: entity.metadata.annotations?.[AGENT_MESH_ANNOTATIONS.region],
  };
}
