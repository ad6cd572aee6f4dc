import { Progress } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useCallback, useState } from 'react';
import { useAgentMesh } from './useAgentMesh';
import { useMeshSnapshot } from '../../hooks/useMeshSnapshot';
import { AlarmsCard } from '../alarms';
import { CostCard } from '../cost';
import {
  HistoryCard,
  LanesCard,
  PromotionRequestsCard,
  WaitingRunsCard,
} from '../lanes';
import { AgentsTable } from '../overview';
import { RunsChart, RunsTable } from '../runs';
import { MeshEntityGuard, MeshRequestError } from '../shared';

function AgentMesh() {
  const { mesh, meshEntityRef, agent, region } = useAgentMesh();
  const { snapshot, loading, error } = useMeshSnapshot(mesh);
  // Any change in one lane card (a promotion, an approval, a run decision) makes the others read again.
  const [revision, setRevision] = useState(0);
  const onChange = useCallback(() => setRevision(n => n + 1), []);
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
        <Grid item xs={12}>
          <AgentsTable snapshot={snapshot} mesh={mesh} agent={agent} />
        </Grid>
      )}
      <Grid item xs={12}>
        <LanesCard
          mesh={mesh}
          entityRef={meshEntityRef}
          agent={agent}
          revision={revision}
          onChange={onChange}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <PromotionRequestsCard
          mesh={mesh}
          entityRef={meshEntityRef}
          agent={agent}
          revision={revision}
          onChange={onChange}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <WaitingRunsCard
          mesh={mesh}
          entityRef={meshEntityRef}
          agent={agent}
          revision={revision}
          onChange={onChange}
        />
      </Grid>
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
 * behind its gates, its promotion requests and runs waiting for approval, its runs (chart and table with console links), its alarms, its cost and its lane
 * history. The same cards as the mesh's tabs, narrowed to the agent.
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
