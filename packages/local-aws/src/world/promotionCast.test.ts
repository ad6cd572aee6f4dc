import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import {
  agentEvidencePrefix,
  artifactsBucketName,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  clientsFor,
  s3ClientFor,
  startTestAws,
  TEST_NOW,
} from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

jest.setTimeout(60_000);

const DAY = 86_400_000;

/**
 * The backend's default gate thresholds per environment (plugins/agent-mesh-backend promotionConfig), which the
 * demo meshes' environments (dev, staging, prod) get.
 */
const GATES = {
  'support-dev': {
    minRuns: 3,
    maxRate: 0.25,
    artifacts: ['evaluation-report.json'],
  },
  'billing-staging': {
    minRuns: 10,
    maxRate: 0.1,
    artifacts: ['evaluation-report.json', 'change-review.md'],
  },
  'research-prod': {
    minRuns: 20,
    maxRate: 0.05,
    artifacts: ['evaluation-report.json', 'change-review.md'],
  },
} as const;

type MeshId = keyof typeof GATES;

interface GateFacts {
  lane: string;
  version: number;
  succeeded: number;
  failureRate: number;
  alarm: string;
  evidence: string[];
}

describe('the demo facts the promotion gates see', () => {
  let running: RunningLocalAws;

  beforeAll(async () => {
    running = await startTestAws({ historyDays: 14 });
  });
  afterAll(() => running.close());

  /** What the backend reads for an agent's gates, through the same SDK operations. */
  async function facts(
    meshId: MeshId,
    agent: string,
    aws: RunningLocalAws = running,
    now: number = TEST_NOW,
  ): Promise<GateFacts> {
    const mesh = aws.world().meshes.get(meshId)!.model;
    const { region, account } = mesh.spec;
    const clients = clientsFor(aws, region);
    const { Item } = await clients.dynamoDb.send(
      new GetItemCommand({
        TableName: mesh.names.kvTable,
        Key: { pk: { S: `agent#${agent}` }, sk: { S: 'lane' } },
      }),
    );
    const lane = Item!.lane.S!;
    const machine =
      agent === 'sweeper' ? mesh.sweeperArn : mesh.orchestrationArn;
    let succeeded = 0;
    let failed = 0;
    let nextToken: string | undefined;
    do {
      const page = await clients.sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: machine,
          maxResults: 1000,
          nextToken,
        }),
      );
      for (const e of page.executions!) {
        if (!e.name!.startsWith(`${agent}--${lane}--`)) continue;
        if (!e.stopDate || e.stopDate.getTime() < now - DAY) continue;
        if (e.status === 'SUCCEEDED') succeeded++;
        if (e.status === 'FAILED' || e.status === 'TIMED_OUT') failed++;
      }
      const oldest = page.executions![page.executions!.length - 1];
      nextToken =
        oldest && oldest.startDate!.getTime() > now - 2 * DAY
          ? page.nextToken
          : undefined;
    } while (nextToken);
    const alarms = await clients.cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNames: [`${mesh.names.alarmPrefix}agent-${agent}-task-failures`],
      }),
    );
    const listed = await s3ClientFor(aws, region).send(
      new ListObjectsV2Command({
        Bucket: artifactsBucketName(meshId, account),
        Prefix: agentEvidencePrefix(agent),
      }),
    );
    return {
      lane,
      version: Number(Item!.version.N),
      succeeded,
      failureRate: failed / Math.max(1, succeeded + failed),
      alarm: alarms.MetricAlarms![0].StateValue!,
      evidence: (listed.Contents ?? []).map(o =>
        o.Key!.slice(agentEvidencePrefix(agent).length),
      ),
    };
  }

  /**
   * The gates that follow from how the demo is built: enough runs (steady agents get the largest share), no
   * alarm at the test's time, the evidence objects, and a failure rate within the environment's limit: none at
   * all in prod (steady agents there never fail), whatever the draws.
   */
  async function expectReady(meshId: MeshId, agent: string, lane: string) {
    const f = await facts(meshId, agent);
    expect(f.lane).toBe(lane);
    expect(f.succeeded).toBeGreaterThanOrEqual(GATES[meshId].minRuns);
    expect(f.alarm).not.toBe('ALARM');
    expect(f.evidence).toEqual(
      expect.arrayContaining([...GATES[meshId].artifacts]),
    );
    if (meshId === 'research-prod') expect(f.failureRate).toBe(0);
    expect(f.failureRate).toBeLessThanOrEqual(GATES[meshId].maxRate);
    return f;
  }

  async function expectWithoutEvidence(meshId: MeshId, agent: string) {
    const f = await facts(meshId, agent);
    expect(f.evidence).toEqual([]);
    return f;
  }

  it('support-dev: the critic is ready for dry_run, the sweeper has no evidence', async () => {
    const critic = await expectReady('support-dev', 'critic', 'read_only');
    expect(critic.version).toBe(1);
    expect(critic.failureRate).toBeLessThanOrEqual(
      GATES['support-dev'].maxRate,
    );
    await expectWithoutEvidence('support-dev', 'sweeper');
  });

  it('billing-staging: the critic is ready for execute and the lambda expert for dry_run; the flaky s3 expert has no evidence', async () => {
    const critic = await expectReady('billing-staging', 'critic', 'dry_run');
    expect(critic.version).toBe(2);
    await expectReady('billing-staging', 'lambda-expert', 'read_only');
    const s3 = await expectWithoutEvidence('billing-staging', 's3-expert');
    expect(s3.lane).toBe('dry_run');
  });

  it('research-prod: the critic in dry_run has the runs, evidence and quiet alarm for execute; the s3 and cloudfront experts have no evidence', async () => {
    const critic = await expectReady('research-prod', 'critic', 'dry_run');
    expect(critic.version).toBe(2);
    await expectReady('research-prod', 'lambda-expert', 'read_only');
    const s3 = await expectWithoutEvidence('research-prod', 's3-expert');
    expect(s3.lane).toBe('dry_run');
    await expectWithoutEvidence('research-prod', 'cloudfront-expert');
  });

  it.each([
    ['agent-mesh', '2026-03-02T08:00:00Z'],
    ['other-seed', '2025-12-20T23:30:00Z'],
  ])(
    "research-prod's critic clears the prod gates into execute at seed %s, %s, with live runs",
    async (seed, at) => {
      const now = Date.parse(at);
      const other = await startTestAws({
        seed,
        now,
        historyDays: 2,
        liveRuns: true,
      });
      try {
        // An hour of live runs after start, as the local app has by the time a journey asks.
        await other.world().advance(3_600_000);
        const f = await facts(
          'research-prod',
          'critic',
          other,
          now + 3_600_000,
        );
        expect(f.lane).toBe('dry_run');
        expect(f.succeeded).toBeGreaterThanOrEqual(
          GATES['research-prod'].minRuns,
        );
        expect(f.failureRate).toBe(0);
        expect(f.alarm).not.toBe('ALARM');
        expect(f.evidence).toEqual(
          expect.arrayContaining([...GATES['research-prod'].artifacts]),
        );
      } finally {
        await other.close();
      }
    },
  );
});
