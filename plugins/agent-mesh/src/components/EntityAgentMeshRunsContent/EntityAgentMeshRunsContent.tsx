import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  AGENT_MESH_ANNOTATIONS,
  isAgentMeshAvailable,
} from '@agent-mesh/plugin-agent-mesh-common';
import { useMeshRef } from '../../hooks/useMeshRef';
import { useMeshSnapshot } from '../../hooks/useMeshSnapshot';
import { RunsTable } from '../RunsTable';

function MeshRuns() {
  const mesh = useMeshRef();
  // Only for the agent filter's choices; the runs themselves come from the runs route. No polling here:
  // a new page of runs is one click away.
  const { snapshot } = useMeshSnapshot(mesh, 0);
  return (
    <RunsTable mesh={mesh} agents={snapshot?.agents.map(a => a.name) ?? []} />
  );
}

/**
 * The runs tab of a mesh entity: its stored runs with filters, cursor paging and each run's event history.
 *
 * @public
 */
export function EntityAgentMeshRunsContent() {
  const { entity } = useEntity();
  if (!isAgentMeshAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={AGENT_MESH_ANNOTATIONS.meshId} />
    );
  }
  return <MeshRuns />;
}
