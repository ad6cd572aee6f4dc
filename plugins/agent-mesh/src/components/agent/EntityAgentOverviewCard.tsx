import {
  InfoCard,
  Progress,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { MeshSnapshot } from '@agent-mesh/plugin-agent-mesh-common';
import { useAgentMesh } from './useAgentMesh';
import { useMeshSnapshot } from '../../hooks/useMeshSnapshot';
import { formatAge } from '../../format/age';
import { formatRate } from '../../format/numbers';
import {
  agentHealth,
  AgentHealthLabel,
  LaneChip,
  MeshEntityGuard,
  MeshRequestError,
  panelHasData,
  StaleSnapshotNotice,
} from '../shared';
import { AgentCostThisMonth } from './AgentCostThisMonth';
import { AgentLastRuns } from './AgentLastRuns';

function snapshotFacts(snapshot: MeshSnapshot, agent: string) {
  const found = snapshot.agents.find(a => a.name === agent);
  if (!snapshot.refreshedAt) {
    return { Snapshot: 'the first refresh has not run yet' };
  }
  if (!found) {
    return { Snapshot: `the mesh's snapshot holds no agent ${agent}` };
  }
  const facts: Record<string, unknown> = {
    Lane:
      found.lane && panelHasData(snapshot.lanes) ? (
        <LaneChip lane={found.lane.lane} />
      ) : (
        'unknown'
      ),
    Health: <AgentHealthLabel health={agentHealth(snapshot, found)} />,
  };
  if (panelHasData(snapshot.runs)) {
    facts['Runs (24 h)'] = `${found.runs.total} runs, ${formatRate(
      found.runs.failureRate,
    )} failed`;
  } else {
    facts['Runs (24 h)'] = `unavailable (${
      snapshot.runs.error?.name ?? 'not read yet'
    })`;
  }
  facts.Snapshot = `refreshed ${formatAge(snapshot.ageSeconds ?? 0)} ago`;
  return facts;
}

function AgentOverview() {
  const { mesh, meshEntityRef, agent } = useAgentMesh();
  const { snapshot, loading, error } = useMeshSnapshot(mesh);
  const metadata: Record<string, unknown> = {
    Mesh: <EntityRefLink entityRef={meshEntityRef} />,
    Agent: agent,
    ...(snapshot ? snapshotFacts(snapshot, agent) : {}),
    'Last runs': <AgentLastRuns mesh={mesh} agent={agent} />,
    'Cost this month': <AgentCostThisMonth mesh={mesh} agent={agent} />,
  };
  return (
    <InfoCard title="Agent Mesh">
      {error && <MeshRequestError error={error} />}
      {loading && !snapshot && !error && <Progress />}
      <StaleSnapshotNotice snapshot={snapshot} />
      <StructuredMetadataTable
        metadata={metadata}
        options={{ titleFormat: key => key }}
      />
    </InfoCard>
  );
}

/**
 * The Agent Mesh card of an agent's Component page: its mesh, lane, health and failure rate from the
 * mesh's snapshot, its newest runs, and what it cost this month.
 *
 * @public
 */
export function EntityAgentOverviewCard() {
  return (
    <MeshEntityGuard of="agent">
      <AgentOverview />
    </MeshEntityGuard>
  );
}
