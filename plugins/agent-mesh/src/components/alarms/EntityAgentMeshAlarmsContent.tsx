import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import Grid from '@material-ui/core/Grid';
import { useMeshRef } from '../../hooks/useMeshRef';
import { useMeshSnapshot } from '../../hooks/useMeshSnapshot';
import { MeshEntityGuard, MeshRequestError } from '../shared';
import { AlarmsCard } from './AlarmsCard';
import { MetricsCard } from './MetricsCard';

function MeshAlarms() {
  const mesh = useMeshRef();
  const { entity } = useEntity();
  const region = entity.metadata.annotations?.[AGENT_MESH_ANNOTATIONS.region];
  const { snapshot, loading, error } = useMeshSnapshot(mesh);
  // The entity page lays out its tabs' content; a tab renders cards only.
  return (
    <Grid container spacing={3}>
      {error && (
        <Grid item xs={12}>
          <MeshRequestError error={error} />
        </Grid>
      )}
      {loading && !snapshot && !error && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
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
