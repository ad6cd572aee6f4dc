import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';

/**
 * The Agent Mesh tab of a mesh entity: where the mesh lives. Health, runs, cost and lanes join it as the
 * backend serves them.
 *
 * @public
 */
export function EntityAgentMeshContent() {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const meshId = annotations[AGENT_MESH_ANNOTATIONS.meshId];

  if (!meshId) {
    return (
      <MissingAnnotationEmptyState annotation={AGENT_MESH_ANNOTATIONS.meshId} />
    );
  }
  // The entity page lays out its tabs' content; a tab renders cards only.
  return (
    <InfoCard title="Mesh">
      <StructuredMetadataTable
        metadata={{
          'Mesh id': meshId,
          Tier: annotations[AGENT_MESH_ANNOTATIONS.tier] ?? 'not set',
          'AWS account':
            annotations[AGENT_MESH_ANNOTATIONS.awsAccount] ?? 'not set',
          Region: annotations[AGENT_MESH_ANNOTATIONS.region] ?? 'not set',
        }}
      />
    </InfoCard>
  );
}
