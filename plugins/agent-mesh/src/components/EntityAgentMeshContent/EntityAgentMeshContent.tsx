import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  AGENT_MESH_ANNOTATIONS,
  isAgentMeshAvailable,
} from '@agent-mesh/plugin-agent-mesh-common';
import Grid from '@material-ui/core/Grid';
import { useMeshRef } from '../../hooks/useMeshRef';
import { useMeshSnapshot } from '../../hooks/useMeshSnapshot';
import { AgentsTable } from '../AgentsTable';
import { AlarmsCard } from '../AlarmsCard';
import { CostSummaryCard } from '../CostSummaryCard';
import { MeshRequestError } from '../MeshRequestError';
import { OverviewCard } from '../OverviewCard';

function MeshHealth() {
  const mesh = useMeshRef();
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
            <AgentsTable snapshot={snapshot} />
          </Grid>
          <Grid item xs={12}>
            <AlarmsCard snapshot={snapshot} />
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
  const { entity } = useEntity();
  if (!isAgentMeshAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={AGENT_MESH_ANNOTATIONS.meshId} />
    );
  }
  return <MeshHealth />;
}
