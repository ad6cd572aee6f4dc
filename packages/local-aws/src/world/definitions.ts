import { AslDefinition } from '@agent-mesh/infra-constructs';
import { synthesizeLocalAsl } from '../asl/localAsl';
import { MeshSpec } from './demoCatalog';

export interface MeshDefinitions {
  orchestration: AslDefinition;
  sweeper: AslDefinition;
}

/**
 * Synthesizes each mesh's tier once (0.1-0.7 s each) and keeps the conductor and sweeper definitions, resolved
 * to the mesh's account and region, so resets and restarts of the world reuse them.
 */
export class DefinitionCache {
  /** Shared by every cache in the process: a definition depends only on its key. */
  private static readonly cache = new Map<string, MeshDefinitions>();
  private readonly cache = DefinitionCache.cache;

  get(spec: MeshSpec): MeshDefinitions {
    const key = `${spec.tier}|${spec.meshId}|${spec.account}|${
      spec.region
    }|${spec.agents.join(',')}`;
    let definitions = this.cache.get(key);
    if (!definitions) {
      const asl = synthesizeLocalAsl(
        spec.tier,
        { meshId: spec.meshId, agents: spec.agents },
        { account: spec.account, region: spec.region },
      );
      definitions = {
        orchestration: asl.orchestration.definition,
        sweeper: asl.sweeper.definition,
      };
      this.cache.set(key, definitions);
    }
    return definitions;
  }
}
