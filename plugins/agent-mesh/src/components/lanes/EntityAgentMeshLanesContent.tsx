import Grid from '@material-ui/core/Grid';
import { useMeshEntity } from '../../hooks/useMeshRef';
import { MeshEntityGuard } from '../shared';
import { HistoryCard } from './HistoryCard';
import { LaneCardItems, useLaneRevision } from './LaneCards';

/** @public */
export interface EntityAgentMeshLanesContentProps {
  /**
   * The backend's refresh interval (`agentMesh.refresh.frequency`) in seconds; lanes older than two
   * intervals are shown as stale evidence.
   * @defaultValue 60
   */
  refreshIntervalSeconds?: number;
}

function MeshLanes(props: EntityAgentMeshLanesContentProps) {
  const { mesh, entityRef } = useMeshEntity();
  const { revision, onChange } = useLaneRevision();
  // The entity page lays out its tabs' content; a tab renders cards only.
  return (
    <Grid container spacing={3} alignItems="stretch">
      <LaneCardItems
        mesh={mesh}
        entityRef={entityRef}
        revision={revision}
        onChange={onChange}
        refreshIntervalSeconds={props.refreshIntervalSeconds}
        sideBySide="xl"
      />
      <Grid item xs={12}>
        <HistoryCard mesh={mesh} revision={revision} />
      </Grid>
    </Grid>
  );
}

/**
 * The lanes tab of a mesh entity: each agent's lane with promote and demote controls behind the gate
 * checklist and a confirmation, promotion requests waiting for a second person, runs waiting at the
 * approval gate, and the lane history. Controls the user may not use are disabled with the reason.
 *
 * @public
 */
export function EntityAgentMeshLanesContent(
  props: EntityAgentMeshLanesContentProps = {},
) {
  return (
    <MeshEntityGuard>
      <MeshLanes {...props} />
    </MeshEntityGuard>
  );
}
