import Grid from '@material-ui/core/Grid';
import { MeshEntityGuard } from '../shared';
import { useMeshEntity } from '../../hooks/useMeshRef';
import { useMeshSnapshot } from '../../hooks/useMeshSnapshot';
import { RunsChart } from './RunsChart';
import { RunsTable } from './RunsTable';

function MeshRuns() {
  const { mesh, region } = useMeshEntity();
  // Only for the agent filter's choices; the runs themselves come from the runs route. No polling here:
  // a new page of runs is one click away.
  const { snapshot } = useMeshSnapshot(mesh, 0);
  // The entity page lays out its tabs' content; a tab renders cards only.
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <RunsChart mesh={mesh} />
      </Grid>
      <Grid item xs={12}>
        <RunsTable
          mesh={mesh}
          agents={snapshot?.agents.map(a => a.name) ?? []}
          region={region}
        />
      </Grid>
    </Grid>
  );
}

/**
 * The runs tab of a mesh entity: a chart of its runs over the last 24 h, its stored runs with filters, cursor
 * paging, each run's event history and a link to the run in the AWS console.
 *
 * @public
 */
export function EntityAgentMeshRunsContent() {
  return (
    <MeshEntityGuard>
      <MeshRuns />
    </MeshEntityGuard>
  );
}
