import { CacheService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AGENT_MESH_TAGS,
  meshResourceNames,
} from '@agent-mesh/plugin-agent-mesh-common';
import { MeshTarget, orchestrationStateMachineArn } from '../aws/meshTarget';
import { StepFunctionsService } from '../aws/stepFunctionsService';

/** How long a state machine's tags are kept, shared by replicas through the cache service. */
const TAGS_TTL = { hours: 1 };

/**
 * Whether a catalog entity may speak for the mesh its annotations name. Annotations are typed in by whoever
 * registers an entity, so before the backend reads or changes a mesh for an entity, it checks that the mesh's
 * orchestration state machine carries `agent-mesh:mesh` with that mesh id and, when it carries
 * `agent-mesh:entity`, that this is the entity. A second entity naming someone else's mesh is refused.
 */
export class MeshOwnership {
  constructor(
    private readonly deps: {
      stepFunctions: StepFunctionsService;
      cache: CacheService;
    },
  ) {}

  /** Resolves when the entity may speak for the mesh; rejects with a NotAllowedError saying why not. */
  async verify(target: MeshTarget, entityRef: string): Promise<void> {
    const problem = ownershipProblem(
      await this.tagsOf(target),
      target,
      entityRef,
    );
    if (problem) throw new NotAllowedError(problem);
  }

  private async tagsOf(target: MeshTarget): Promise<Record<string, string>> {
    const key = `mesh-tags:${target.accountId}:${target.region}:${target.meshId}`;
    const cached = await this.deps.cache.get<Record<string, string>>(key);
    if (cached) return cached;
    // Only an answer is kept: a failed read (not deployed yet, throttled) is tried again next time.
    const tags = await this.deps.stepFunctions
      .stateMachineTags(target, orchestrationStateMachineArn(target))
      .catch(error => {
        if ((error as Error).name !== 'ResourceNotFound') throw error;
        throw new NotFoundError(
          `Mesh ${target.meshId} is not deployed in account ${target.accountId} (${target.region}): there is no state machine ${
            meshResourceNames(target.meshId).orchestrationStateMachine
          }. Deploy the mesh's repository (cdk deploy), or check the entity's agent-mesh.io annotations`,
        );
      });
    await this.deps.cache.set(key, tags, { ttl: TAGS_TTL });
    return tags;
  }
}

/** Why the tags do not let `entityRef` speak for the mesh, or undefined when they do. */
export function ownershipProblem(
  tags: Record<string, string>,
  target: MeshTarget,
  entityRef: string,
): string | undefined {
  const stateMachine = `state machine ${
    meshResourceNames(target.meshId).orchestrationStateMachine
  } in account ${target.accountId} (${target.region})`;
  const meshTag = tags[AGENT_MESH_TAGS.mesh];
  if (meshTag === undefined) {
    return `The ${stateMachine} has no ${AGENT_MESH_TAGS.mesh} tag, so it is no agent mesh deployed by @agent-mesh/infra-constructs; ${entityRef} is not trusted for it`;
  }
  if (meshTag !== target.meshId) {
    return `The ${stateMachine} belongs to mesh ${meshTag} (tag ${AGENT_MESH_TAGS.mesh}), not ${target.meshId}; ${entityRef} is not trusted for it`;
  }
  const owner = tags[AGENT_MESH_TAGS.entity];
  if (owner !== undefined && !sameEntityRef(owner, entityRef)) {
    return `Mesh ${target.meshId} in account ${target.accountId} (${target.region}) belongs to catalog entity ${owner} (tag ${AGENT_MESH_TAGS.entity}); ${entityRef} names it too and is refused`;
  }
  return undefined;
}

/** Entity refs compare without regard to case, as the catalog compares them. */
function sameEntityRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}
