import {
  agentEvidencePrefix,
  artifactsBucketName,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  controlFetch,
  demoMeshes,
  s3ClientFor,
  startTestAws,
} from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

const PROD_BUCKET = artifactsBucketName('research-prod', '333333333333');

describe('the artifacts buckets on s3rver, read as the backend reads them', () => {
  let running: RunningLocalAws;
  let s3: S3Client;

  beforeAll(async () => {
    running = await startTestAws();
    s3 = s3ClientFor(running, 'us-west-2');
  });
  afterAll(() => running.close());

  const evidence = async (bucket: string, agent: string) => {
    const out = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: agentEvidencePrefix(agent),
      }),
    );
    return (out.Contents ?? []).map(o => o.Key);
  };

  it('lists the evidence of the agents that have some, and nothing for the others', async () => {
    expect(await evidence(PROD_BUCKET, 'critic')).toEqual([
      'evidence/critic/change-review.md',
      'evidence/critic/evaluation-report.json',
    ]);
    expect(await evidence(PROD_BUCKET, 's3-expert')).toEqual([]);
    expect(await evidence(PROD_BUCKET, 'cloudfront-expert')).toEqual([]);
    const report = await s3.send(
      new GetObjectCommand({
        Bucket: PROD_BUCKET,
        Key: 'evidence/critic/evaluation-report.json',
      }),
    );
    expect(report.ContentType).toBe('application/json');
    expect(JSON.parse(await report.Body!.transformToString())).toMatchObject({
      meshId: 'research-prod',
      agent: 'critic',
      lane: 'dry_run',
      result: 'pass',
    });
    await expect(
      s3.send(
        new ListObjectsV2Command({
          Bucket: 'agent-mesh-nope-art-000000000000',
        }),
      ),
    ).rejects.toBeInstanceOf(NoSuchBucket);
  });

  it('gives every demo mesh its bucket, with evidence exactly for the agents the world says', async () => {
    for (const spec of demoMeshes()) {
      const model = running.world().meshes.get(spec.meshId)!.model;
      const bucket = artifactsBucketName(spec.meshId, spec.account);
      for (const agent of spec.agents) {
        const keys = await evidence(bucket, agent);
        expect(keys.length).toBe(model.evidenceAgents.includes(agent) ? 2 : 0);
      }
    }
  });

  it('puts the evidence back after a reset', async () => {
    const reset = await controlFetch(running, 'POST', '/reset', {
      seed: 'other',
    });
    expect(reset.status).toBe(200);
    expect(await evidence(PROD_BUCKET, 'lambda-expert')).toHaveLength(2);
  });

  it('stops with the server', async () => {
    const other = await startTestAws({ historyDays: 1 });
    const url = other.s3Url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toBe(running.s3Url);
    await other.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});
