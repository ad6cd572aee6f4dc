import {
  CacheService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  agentEvidencePrefix,
  artifactsBucketName,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './awsClientFactory';
import { MeshTarget } from './meshTarget';

/** How long an evidence listing is kept, so gate views do not call S3 per view. */
export const EVIDENCE_CACHE_TTL_MS = 60_000;
/** Pages of ListObjectsV2 (1000 keys each) read at most per agent. */
const MAX_PAGES = 5;

/**
 * Reads what lies in a mesh's artifacts bucket.
 *
 * @public
 */
export interface ArtifactsService {
  /**
   * The object names under the agent's evidence prefix (`evidence/<agent>/`), relative to it. Cached for a minute
   * per mesh and agent; `fresh` skips the cache (the promotion itself re-reads).
   */
  listEvidence(
    target: MeshTarget,
    agent: string,
    options?: { fresh?: boolean },
  ): Promise<string[]>;
}

/** @public */
export class DefaultArtifactsService implements ArtifactsService {
  static fromConfig(deps: { clients: AwsClientFactory; cache: CacheService }) {
    return new DefaultArtifactsService(deps.clients, deps.cache);
  }

  private constructor(
    private readonly clients: AwsClientFactory,
    private readonly cache: CacheService,
  ) {}

  async listEvidence(
    target: MeshTarget,
    agent: string,
    options?: { fresh?: boolean },
  ): Promise<string[]> {
    const key = `evidence:${target.accountId}:${target.meshId}:${agent}`;
    if (!options?.fresh) {
      const cached = await this.cache.get<string[]>(key);
      if (cached) return cached;
    }
    const names = await this.list(target, agent);
    await this.cache.set(key, names, { ttl: EVIDENCE_CACHE_TTL_MS });
    return names;
  }

  private async list(target: MeshTarget, agent: string): Promise<string[]> {
    const client = await this.clients.s3(target);
    const prefix = agentEvidencePrefix(agent);
    const names: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await client.send(
        new ListObjectsV2Command({
          Bucket: artifactsBucketName(target.meshId, target.accountId),
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of out.Contents ?? []) {
        if (object.Key?.startsWith(prefix)) {
          names.push(object.Key.slice(prefix.length));
        }
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
      if (!token) break;
    }
    return names.sort();
  }
}

/**
 * Reads the artifacts buckets; replace it to find evidence elsewhere.
 *
 * @public
 */
export const artifactsServiceRef = createServiceRef<ArtifactsService>({
  id: 'agent-mesh.artifacts',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef, cache: coreServices.cache },
      factory: ({ clients, cache }) =>
        DefaultArtifactsService.fromConfig({ clients, cache }),
    }),
});
