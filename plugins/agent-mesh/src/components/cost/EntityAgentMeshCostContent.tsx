import { MeshEntityGuard } from '../shared';
import { useMeshRef } from '../../hooks/useMeshRef';
import { CostCard } from './CostCard';

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
  return (
    <MeshEntityGuard>
      <MeshCost />
    </MeshEntityGuard>
  );
}
