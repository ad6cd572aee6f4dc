import {
  AGENT_MESH_ANNOTATIONS,
  AGENT_MESH_ENTITY_TYPES,
  isTier,
  Tier,
} from '@agent-mesh/plugin-agent-mesh-common';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** A mesh the embedded AWS holds: where it lives and which agents it runs. */
export interface MeshSpec {
  meshId: string;
  account: string;
  region: string;
  tier: Tier;
  /** The mesh's environment annotation (dev, staging, prod, ...), when it has one. */
  environment?: string;
  /** Agent names inside the mesh, in catalog order. */
  agents: string[];
  /**
   * The catalog ref of the mesh's System, `system:<namespace>/<name>`: the `agent-mesh:entity` tag of its state
   * machines. From the catalog file for demo meshes; given by `POST /_local/meshes` (optional) for added ones.
   */
  entityRef?: string;
}

/**
 * Reads the demo meshes from a catalog file: `System` entities of type `agent-mesh` with the mesh annotations,
 * and their agents, `Component`s of type `agent` whose `spec.system` names the system. Reading the same file
 * the catalog reads keeps the catalog and the emulator in agreement.
 */
export function readDemoMeshes(file: string): MeshSpec[] {
  return parseDemoMeshes(readFileSync(file, 'utf8'), file);
}

export function parseDemoMeshes(text: string, source = 'catalog'): MeshSpec[] {
  const entities = parseAllDocuments(text)
    .map(doc => doc.toJS() as any)
    .filter(e => e && typeof e === 'object');
  const systems = new Map<string, MeshSpec>();
  for (const entity of entities) {
    const annotations = entity.metadata?.annotations ?? {};
    if (
      entity.kind !== 'System' ||
      entity.spec?.type !== AGENT_MESH_ENTITY_TYPES.mesh
    )
      continue;
    const meshId = annotations[AGENT_MESH_ANNOTATIONS.meshId];
    const tier = annotations[AGENT_MESH_ANNOTATIONS.tier];
    if (!meshId) continue;
    if (!isTier(tier))
      throw new Error(
        `${source}: mesh ${meshId} has no valid tier annotation (got ${tier})`,
      );
    systems.set(entity.metadata.name, {
      meshId,
      account: String(
        annotations[AGENT_MESH_ANNOTATIONS.awsAccount] ?? '000000000000',
      ),
      region: annotations[AGENT_MESH_ANNOTATIONS.region] ?? 'us-east-1',
      tier,
      environment: annotations[AGENT_MESH_ANNOTATIONS.environment],
      agents: [],
      entityRef: `system:${entity.metadata.namespace ?? 'default'}/${
        entity.metadata.name
      }`,
    });
  }
  for (const entity of entities) {
    if (
      entity.kind !== 'Component' ||
      entity.spec?.type !== AGENT_MESH_ENTITY_TYPES.agent
    )
      continue;
    const system = String(entity.spec?.system ?? '').replace(
      /^system:(default\/)?/,
      '',
    );
    const mesh = systems.get(system);
    if (!mesh) continue;
    mesh.agents.push(
      entity.metadata?.annotations?.[AGENT_MESH_ANNOTATIONS.agentName] ??
        entity.metadata.name,
    );
  }
  return [...systems.values()];
}
