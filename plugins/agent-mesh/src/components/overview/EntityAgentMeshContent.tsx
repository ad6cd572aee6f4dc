import Grid from '@material-ui/core/Grid';
import { useMeshEntity } from '../../hooks/useMeshRef';
import { useMeshSnapshot } from '../../hooks/useMeshSnapshot';
import { AgentsTable } from './AgentsTable';
import { AlarmsCard } from '../alarms';
import { CostSummaryCard } from './CostSummaryCard';
import { MeshEntityGuard, MeshRequestError } from '../shared';
import { OverviewCard } from './OverviewCard';

function MeshHealth() {
  const { mesh, region } = useMeshEntity();
  const { snapshot, loading, error } = useMeshSnapshot(mesh);

  // The entity page lays out its tabs' content; a tab renders cards only.
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={6}>
        <OverviewCard snapshot={snapshot} loading={loading} />
      </Grid>
      {error && (
        <Grid item xs={12}>
          <MeshRequestError error={error} />
        </Grid>
      )}
      {snapshot && (
        <>
          <Grid item xs={12} md={6}>
            <CostSummaryCard snapshot={snapshot} />
          </Grid>
          <Grid item xs={12}>
            <AgentsTable snapshot={snapshot} mesh={mesh} />
          </Grid>
          <Grid item xs={12}>
            <AlarmsCard snapshot={snapshot} region={region} />
          </Grid>
        </>
      )}
    </Grid>
  );
}

/**
 * The Agent Mesh tab of a mesh entity: its health. Where the mesh lives and how old its snapshot is, its
 * agents with lanes, runs and failure rates, its alarms and its cost against the budget. Each part shows its
 * own source's state: one failing AWS source leaves the others readable.
 *
 * @public
 */
export function EntityAgentMeshContent() {
  return (
    <MeshEntityGuard>
      <MeshHealth />
    </MeshEntityGuard>
  );
}
