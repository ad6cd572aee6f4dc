import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { mockServices } from '@backstage/backend-test-utils';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DefaultArtifactsService } from './artifactsService';
import { TARGET, testClientFactory } from '../__testUtils__/awsTestClients';

const s3 = mockClient(S3Client);

describe('DefaultArtifactsService', () => {
  beforeEach(() => s3.reset());

  it('lists the evidence prefix in the artifacts bucket, across pages, relative to the prefix', async () => {
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({
        Contents: [{ Key: 'evidence/critic/evaluation-report.json' }],
        IsTruncated: true,
        NextContinuationToken: 't2',
      })
      .on(ListObjectsV2Command, { ContinuationToken: 't2' })
      .resolves({ Contents: [{ Key: 'evidence/critic/change-review.md' }] });
    const service = DefaultArtifactsService.fromConfig({
      ...testClientFactory(),
      cache: mockServices.cache.mock({
        get: async () => undefined,
        set: async () => {},
      }),
    });

    expect(await service.listEvidence(TARGET, 'critic')).toEqual([
      'change-review.md',
      'evaluation-report.json',
    ]);
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Bucket: 'agent-mesh-billing-dev-art-123456789012',
      Prefix: 'evidence/critic/',
    });
  });

  it('serves a repeated listing from the cache for a minute, unless asked fresh', async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'evidence/critic/a.json' }],
    });
    const stored = new Map<string, unknown>();
    const ttls: unknown[] = [];
    const service = DefaultArtifactsService.fromConfig({
      ...testClientFactory(),
      cache: mockServices.cache.mock({
        get: async (key: string) => stored.get(key) as any,
        set: async (
          key: string,
          value: unknown,
          options?: { ttl?: unknown },
        ) => {
          stored.set(key, value);
          ttls.push(options?.ttl);
        },
      }),
    });
    await service.listEvidence(TARGET, 'critic');
    await service.listEvidence(TARGET, 'critic');
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 1);
    expect(ttls).toEqual([60_000]);
    await service.listEvidence(TARGET, 'critic', { fresh: true });
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 2);
  });

  it('addresses an overridden endpoint path-style', async () => {
    const { clients } = testClientFactory();
    const client = await clients.s3(TARGET);
    expect(await client.config.forcePathStyle).toBe(true);
  });
});
