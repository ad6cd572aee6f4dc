import { Entity } from '@backstage/catalog-model';
import {
  AGENT_MESH_ANNOTATIONS,
  AGENT_MESH_ENTITY_TYPES,
} from '@agent-mesh/plugin-agent-mesh-common';

/**
 * True when the entity is an agent of a mesh: a `Component` with `spec.type: agent` whose `spec.system`
 * names its mesh.
 *
 * @public
 */
export function isAgentMeshAgent(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.spec?.type === AGENT_MESH_ENTITY_TYPES.agent &&
    typeof entity.spec?.system === 'string' &&
    entity.spec.system.length > 0
  );
}

/** The agent's name inside its mesh: the `agent-mesh.io/agent-name` annotation, else the entity name. */
export function agentNameOf(entity: Entity): string {
  return (
    entity.metadata.annotations?.[AGENT_MESH_ANNOTATIONS.agentName] ??
    entity.metadata.name
  );
}
