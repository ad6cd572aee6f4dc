import Grid from '@material-ui/core/Grid';
import { useAgentMesh } from './useAgentMesh';
import { useMeshSnapshot } from '../../hooks/useMeshSnapshot';
import { AlarmsCard } from '../alarms';
import { CostCard } from '../cost';
import { HistoryCard, LaneCardItems, useLaneRevision } from '../lanes';
import { AgentsTable } from '../overview';
import { RunsChart, RunsTable } from '../runs';
import { MeshEntityGuard, SnapshotStateItems } from '../shared';

function AgentMesh() {
  const { mesh, meshEntityRef, agent, region } = useAgentMesh();
  const state = useMeshSnapshot(mesh);
  const { snapshot } = state;
  const { revision, onChange } = useLaneRevision();
  // The entity page lays out its tabs' content; a tab renders cards only.
  return (
    <Grid container spacing={3}>
      <SnapshotStateItems {...state} />
      {snapshot && (
        <Grid item xs={12}>
          <AgentsTable snapshot={snapshot} mesh={mesh} agent={agent} />
        </Grid>
      )}
      <LaneCardItems
        mesh={mesh}
        entityRef={meshEntityRef}
        agent={agent}
        revision={revision}
        onChange={onChange}
        sideBySide="lg"
      />
      <Grid item xs={12}>
        <RunsChart mesh={mesh} agent={agent} />
      </Grid>
      <Grid item xs={12}>
        <RunsTable mesh={mesh} agent={agent} region={region} />
      </Grid>
      {snapshot && (
        <Grid item xs={12}>
          <AlarmsCard snapshot={snapshot} region={region} agent={agent} />
        </Grid>
      )}
      <Grid item xs={12}>
        <CostCard mesh={mesh} agent={agent} />
      </Grid>
      <Grid item xs={12}>
        <HistoryCard mesh={mesh} agent={agent} revision={revision} />
      </Grid>
    </Grid>
  );
}

/**
 * The Agent Mesh tab of an agent's Component page: the agent's lane with the promote and demote controls
 * behind its gates, its promotion requests and runs waiting for approval, its runs (chart and table with
 * console links), its alarms, its cost and its lane history. The same cards as the mesh's tabs, narrowed
 * to the agent.
 *
 * @public
 */
export function EntityAgentMeshAgentContent() {
  return (
    <MeshEntityGuard of="agent">
      <AgentMesh />
    </MeshEntityGuard>
  );
}
