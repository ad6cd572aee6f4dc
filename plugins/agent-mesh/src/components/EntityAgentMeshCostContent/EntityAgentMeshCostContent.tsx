import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  AGENT_MESH_ANNOTATIONS,
  isAgentMeshAvailable,
} from '@agent-mesh/plugin-agent-mesh-common';
import { useMeshRef } from '../../hooks/useMeshRef';
import { CostCard } from '../CostCard';

function MeshCost() {
  return <CostCard mesh={useMeshRef()} />;
}

/**
 * The cost tab of a mesh entity: month to date against the budget, forecast, and the cost series by
 * service, agent or lane.
 *
 * @public
 */
export function EntityAgentMeshCostContent() {
  const { entity } = useEntity();
  if (!isAgentMeshAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={AGENT_MESH_ANNOTATIONS.meshId} />
    );
  }
  return <MeshCost />;
}
