import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { MeshRef } from '../../api';
import { agentNameOf } from '../shared';

/** The mesh an agent page shows, as its routes address it, and the agent inside it. */
export interface AgentMeshContext {
  mesh: MeshRef;
  /** The mesh's entity ref: the resource permissions are decided for. */
  meshEntityRef: string;
  /** The agent's name inside the mesh. */
  agent: string;
  /** The mesh's region from its annotation, once the mesh entity is read; for the console links. */
  region?: string;
}

/**
 * The mesh of the current agent entity: its `spec.system`, read as the catalog reads it (a bare name is a
 * system in the agent's namespace), and the mesh entity's region read from the catalog.
 */
export function useAgentMesh(): AgentMeshContext {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const system = String(entity.spec?.system ?? '');
  const ownNamespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const agent = agentNameOf(entity);
  const meshEntity = useMemo(
    () =>
      parseEntityRef(system, {
        defaultKind: 'system',
        defaultNamespace: ownNamespace,
      }),
    [system, ownNamespace],
  );
  const mesh = useMemo(
    () => ({ namespace: meshEntity.namespace, name: meshEntity.name }),
    [meshEntity],
  );
  const meshEntityRef = stringifyEntityRef(meshEntity);
  const { value: region } = useAsync(async () => {
    const found = await catalogApi.getEntityByRef(meshEntityRef);
    return found?.metadata.annotations?.[AGENT_MESH_ANNOTATIONS.region];
  }, [catalogApi, meshEntityRef]);
  return { mesh, meshEntityRef, agent, region };
}
