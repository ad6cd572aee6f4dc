import { EmptyState } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  AGENT_MESH_ANNOTATIONS,
  isAgentMeshAvailable,
} from '@agent-mesh/plugin-agent-mesh-common';
import { ReactNode } from 'react';
import { isAgentMeshAgent } from './isAgentMeshAgent';

/**
 * The one guard every entity content of the plugin renders inside: for a mesh (`of="mesh"`, the default)
 * the catalog's missing-annotation empty state without `agent-mesh.io/mesh-id`; for an agent
 * (`of="agent"`) an empty state when the component is not an agent naming its mesh in `spec.system`.
 * The children (and their requests) only render when the entity qualifies.
 */
export function MeshEntityGuard(props: {
  of?: 'mesh' | 'agent';
  children: ReactNode;
}) {
  const { entity } = useEntity();
  if (props.of === 'agent') {
    if (!isAgentMeshAgent(entity)) {
      return (
        <EmptyState
          missing="field"
          title="Not an agent of a mesh"
          description="An agent is a Component with spec.type agent whose spec.system names its mesh."
        />
      );
    }
    return <>{props.children}</>;
  }
  if (!isAgentMeshAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={AGENT_MESH_ANNOTATIONS.meshId} />
    );
  }
  return <>{props.children}</>;
}
