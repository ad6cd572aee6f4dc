import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AGENT_MESH_ANNOTATIONS,
  AGENT_MESH_ENTITY_TYPES,
  AgentSummary,
  ENVIRONMENTS,
  isOneOf,
  isTier,
  MeshSummary,
} from '@agent-mesh/plugin-agent-mesh-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { annotatedBudget } from '../config/meshBudget';

/** Reads meshes and their agents from the catalog, with the caller's credentials so catalog permissions apply. */
export interface MeshCatalog {
  listMeshes(credentials: BackstageCredentials): Promise<MeshSummary[]>;
  /** The mesh's System entity, or undefined when it does not exist, the caller may not see it, or it is no mesh. */
  getMeshEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined>;
}

export class DefaultMeshCatalog implements MeshCatalog {
  constructor(private readonly catalog: CatalogService) {}

  async getMeshEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (
      !entity ||
      entity.kind.toLocaleLowerCase('en-US') !== 'system' ||
      entity.spec?.type !== AGENT_MESH_ENTITY_TYPES.mesh
    ) {
      return undefined;
    }
    return entity;
  }

  async listMeshes(credentials: BackstageCredentials): Promise<MeshSummary[]> {
    // Two queries for all meshes, whatever their number: systems first, then every agent component at once.
    const { items: systems } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'System',
          'spec.type': AGENT_MESH_ENTITY_TYPES.mesh,
        },
      },
      { credentials },
    );
    const meshes = systems.filter(
      system => system.metadata.annotations?.[AGENT_MESH_ANNOTATIONS.meshId],
    );
    if (meshes.length === 0) {
      return [];
    }
    const { items: agents } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          'spec.type': AGENT_MESH_ENTITY_TYPES.agent,
        },
      },
      { credentials },
    );
    return meshes
      .map(mesh => toMeshSummary(mesh, agentsOf(mesh, agents)))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

function agentsOf(mesh: Entity, agents: Entity[]): Entity[] {
  const meshRef = stringifyEntityRef(mesh);
  return agents.filter(agent => {
    const system = agent.spec?.system;
    return (
      typeof system === 'string' &&
      stringifyEntityRef(
        parseEntityRef(system, {
          defaultKind: 'system',
          defaultNamespace: agent.metadata.namespace ?? 'default',
        }),
      ) === meshRef
    );
  });
}

function toMeshSummary(mesh: Entity, agents: Entity[]): MeshSummary {
  const annotations = mesh.metadata.annotations ?? {};
  const tier = annotations[AGENT_MESH_ANNOTATIONS.tier];
  const environment = annotations[AGENT_MESH_ANNOTATIONS.environment];
  return {
    entityRef: stringifyEntityRef(mesh),
    name: mesh.metadata.name,
    title: mesh.metadata.title,
    description: mesh.metadata.description,
    owner: typeof mesh.spec?.owner === 'string' ? mesh.spec.owner : undefined,
    meshId: annotations[AGENT_MESH_ANNOTATIONS.meshId],
    awsAccount: annotations[AGENT_MESH_ANNOTATIONS.awsAccount],
    region: annotations[AGENT_MESH_ANNOTATIONS.region],
    tier: isTier(tier) ? tier : undefined,
    environment: isOneOf(ENVIRONMENTS, environment) ? environment : undefined,
    // The template writes the budget chosen for this mesh; anything else falls back to the tier's.
    monthlyBudgetUsd: annotatedBudget(annotations),
    agents: agents
      .map(toAgentSummary)
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function toAgentSummary(agent: Entity): AgentSummary {
  return {
    entityRef: stringifyEntityRef(agent),
    name:
      agent.metadata.annotations?.[AGENT_MESH_ANNOTATIONS.agentName] ??
      agent.metadata.name,
    title: agent.metadata.title,
  };
}
