import Grid from '@material-ui/core/Grid';
import { useMeshEntity } from '../../hooks/useMeshRef';
import { useMeshSnapshot } from '../../hooks/useMeshSnapshot';
import { MeshEntityGuard, SnapshotStateItems } from '../shared';
import { AlarmsCard } from './AlarmsCard';
import { MetricsCard } from './MetricsCard';

function MeshAlarms() {
  const { mesh, region } = useMeshEntity();
  const state = useMeshSnapshot(mesh);
  const { snapshot } = state;
  // The entity page lays out its tabs' content; a tab renders cards only.
  return (
    <Grid container spacing={3}>
      <SnapshotStateItems {...state} />
      {snapshot && (
        <>
          <Grid item xs={12}>
            <AlarmsCard snapshot={snapshot} region={region} />
          </Grid>
          <Grid item xs={12}>
            <MetricsCard snapshot={snapshot} />
          </Grid>
        </>
      )}
    </Grid>
  );
}

/**
 * The alarms tab of a mesh entity: its CloudWatch alarms (state, reason, since when, a link to the AWS
 * console) and the metrics the scheduled refresh reads, as line charts.
 *
 * @public
 */
export function EntityAgentMeshAlarmsContent() {
  return (
    <MeshEntityGuard>
      <MeshAlarms />
    </MeshEntityGuard>
  );
}
