import { mockCredentials } from '@backstage/backend-test-utils';
import { MeshSnapshot } from '@agent-mesh/plugin-agent-mesh-common';
import { RunningLocalAws } from 'local-aws';
import pLimit from 'p-limit';
import {
  demoCatalogEntities,
  endpointsConfig,
  localControl,
  startDemoAws,
} from './__testUtils__/localAwsWorld';
import { startLocalAwsBackend } from './__testUtils__/localAwsBackend';
import { callsBetween } from './__testUtils__/recordingMetrics';

/**
 * The fault test: the real plugin (scheduler task triggered directly, SQLite store) against local-aws started
 * in process with the demo world of catalog/demo-meshes.yaml. Throttling is injected on one service through
 * the control API; a refresh runs under a load of snapshot requests; every request is answered, the affected
 * panels say why, the others stay ok; once the fault is cleared, the next refresh is whole again.
 *
 * The plugin reads the wall clock, so the world's clock is fixed at the minute the test starts.
 */
const PANELS = ['runs', 'lanes', 'alarms', 'metrics', 'cost'] as const;
const REQUESTS = 200;
const CONCURRENCY = 20;
/** The SDK's attempts per call (`maxAttempts`): a throttled call is sent this many times. */
const ATTEMPTS = 3;
const AWS_CALLS = 'agent_mesh.aws.calls.count';
const REFRESH_ERRORS = 'agent_mesh.refresh.errors.count';
const REFRESH_DURATION = 'agent_mesh.refresh.duration';
const SNAPSHOT_AGE = 'agent_mesh.snapshot.age.max';

const CASES = [
  {
    service: 'monitoring',
    throttleCode: 'Throttling',
    affected: ['alarms', 'metrics'],
    awsService: 'CloudWatch',
    operations: ['DescribeAlarms', 'GetMetricData'],
  },
  {
    service: 'states',
    throttleCode: 'ThrottlingException',
    affected: ['runs'],
    awsService: 'StepFunctions',
    operations: ['ListExecutions'],
  },
] as const;

describe('a throttled AWS service under load', () => {
  let aws: RunningLocalAws;
  let plugin: Awaited<ReturnType<typeof startLocalAwsBackend>>;
  const entities = demoCatalogEntities();
  const meshNames = entities
    .filter(e => e.kind === 'System' && e.spec?.type === 'agent-mesh')
    .map(e => e.metadata.name);

  beforeAll(async () => {
    aws = await startDemoAws({
      now: Math.floor(Date.now() / 60_000) * 60_000,
      historyDays: 7,
    });
    plugin = await startLocalAwsBackend({
      config: endpointsConfig(aws.url),
      entities,
    });
  }, 60_000);

  afterAll(async () => {
    await plugin?.backend.stop();
    await aws?.close();
  });

  async function snapshot(name: string) {
    const response = await fetch(
      `${plugin.baseUrl}/meshes/default/${name}/snapshot`,
      {
        headers: { authorization: mockCredentials.user.header() },
      },
    );
    return {
      status: response.status,
      body: (await response.json()) as MeshSnapshot,
    };
  }

  /** `total` snapshot requests over every mesh, `concurrency` at a time; answers and latencies. */
  async function load(total: number, concurrency: number) {
    const limit = pLimit(concurrency);
    const answers = await Promise.all(
      Array.from({ length: total }, (_, i) =>
        limit(async () => {
          const startedAt = performance.now();
          const answer = await snapshot(meshNames[i % meshNames.length]);
          return { ...answer, ms: performance.now() - startedAt };
        }),
      ),
    );
    const ms = answers.map(a => a.ms).sort((a, b) => a - b);
    return {
      answers,
      p50: ms[Math.floor(ms.length * 0.5)],
      p95: ms[Math.floor(ms.length * 0.95)],
    };
  }

  const statuses = (body: MeshSnapshot) =>
    Object.fromEntries(PANELS.map(p => [p, body[p].status]));

  /** Refreshes, then expects every mesh's snapshot answered with every panel ok; returns the snapshots. */
  async function refreshAndExpectWhole(): Promise<MeshSnapshot[]> {
    await plugin.trigger.refresh();
    const bodies: MeshSnapshot[] = [];
    for (const name of meshNames) {
      const { status, body } = await snapshot(name);
      expect(status).toBe(200);
      expect(statuses(body)).toEqual(
        Object.fromEntries(PANELS.map(p => [p, 'ok'])),
      );
      bodies.push(body);
    }
    return bodies;
  }

  it('starts whole', async () => {
    expect(meshNames).toHaveLength(3);
    for (const body of await refreshAndExpectWhole()) {
      expect(body.alarms.items.length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('records its metrics: AWS calls by service and operation, refresh duration, snapshot age, no errors', async () => {
    const { metrics } = plugin;
    const refreshesBefore = metrics.recorded(REFRESH_DURATION).length;
    const callsBefore = metrics.awsCalls();

    await plugin.trigger.refresh();

    // Every request the refresh sent went through the SDK middleware, named by service and operation.
    const calls = callsBetween(callsBefore, metrics.awsCalls());
    for (const operation of [
      'StepFunctions.ListExecutions',
      'CloudWatch.DescribeAlarms',
      'CloudWatch.GetMetricData',
      'DynamoDB.BatchGetItem',
    ]) {
      expect([operation, calls[operation]]).toEqual([
        operation,
        meshNames.length,
      ]);
    }
    expect(metrics.sum(AWS_CALLS, { result: 'error' })).toBe(0);
    expect(metrics.sum(REFRESH_ERRORS)).toBe(0);
    // One duration per shard task, in seconds.
    const refreshes = metrics.recorded(REFRESH_DURATION).slice(refreshesBefore);
    expect(refreshes.map(r => r.attributes)).toEqual(
      ['1of4', '2of4', '3of4', '4of4'].map(shard => ({ result: 'ok', shard })),
    );
    for (const { value } of refreshes) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(60);
    }
    // Just refreshed: the oldest snapshot is seconds old.
    const [age, ...more] = await metrics.observe(SNAPSHOT_AGE);
    expect(more).toEqual([]);
    expect(age.attributes).toEqual({});
    expect(age.value).toBeGreaterThanOrEqual(0);
    expect(age.value).toBeLessThan(60);
  }, 60_000);

  it.each(CASES)(
    'serves every request while $service is throttled, says why in the affected panels, and is whole after',
    async ({ service, throttleCode, affected, awsService, operations }) => {
      const before = await snapshot(meshNames[0]);
      await localControl(aws.url, 'POST', '/faults', {
        service,
        kind: 'throttle',
      });

      // A refresh under load: the requests are answered from the store while the refresh retries and fails.
      const { metrics } = plugin;
      const callsBefore = metrics.awsCalls();
      const errorsBefore = (match: object) =>
        metrics.sum(REFRESH_ERRORS, match as Record<string, string>);
      const panelErrorsBefore = Object.fromEntries(
        PANELS.map(p => [p, errorsBefore({ source: p })]),
      );
      const callErrorsBefore = operations.map(operation =>
        metrics.sum(AWS_CALLS, {
          service: awsService,
          operation,
          result: 'error',
          'error.type': throttleCode,
        }),
      );
      const refreshStart = performance.now();
      const [during] = await Promise.all([
        load(REQUESTS, CONCURRENCY),
        plugin.trigger.refresh(),
      ]);
      const refreshCalls = callsBetween(callsBefore, metrics.awsCalls());
      const refreshMs = performance.now() - refreshStart;

      // After the throttled refresh, under load again: no page view calls AWS.
      const viewsBefore = metrics.awsCalls();
      const after = await load(REQUESTS, CONCURRENCY);
      const viewCalls = callsBetween(viewsBefore, metrics.awsCalls());

      expect(during.answers.map(a => a.status)).toEqual(
        Array(REQUESTS).fill(200),
      );
      expect(after.answers.map(a => a.status)).toEqual(
        Array(REQUESTS).fill(200),
      );
      expect(viewCalls).toEqual({});
      // Each attempt of each throttled call is counted as an error with its name, and each affected panel of
      // each mesh once as an error of its source.
      operations.forEach((operation, i) => {
        const failed =
          metrics.sum(AWS_CALLS, {
            service: awsService,
            operation,
            result: 'error',
            'error.type': throttleCode,
          }) - callErrorsBefore[i];
        expect([operation, failed]).toEqual([
          operation,
          ATTEMPTS * meshNames.length,
        ]);
        expect(refreshCalls[`${awsService}.${operation}`]).toBe(failed);
      });
      expect(
        Object.fromEntries(
          PANELS.map(p => [
            p,
            errorsBefore({ source: p }) - panelErrorsBefore[p],
          ]),
        ),
      ).toEqual(
        Object.fromEntries(
          PANELS.map(p => [
            p,
            (affected as readonly string[]).includes(p) ? meshNames.length : 0,
          ]),
        ),
      );
      for (const panel of affected) {
        expect(
          metrics.sum(REFRESH_ERRORS, {
            source: panel,
            'error.type': throttleCode,
          }),
        ).toBeGreaterThanOrEqual(meshNames.length);
      }
      const expectedStatuses = Object.fromEntries(
        PANELS.map(p => [
          p,
          (affected as readonly string[]).includes(p) ? 'error' : 'ok',
        ]),
      );
      const expectedErrors = Object.fromEntries(
        affected.map(p => [
          p,
          { name: throttleCode, message: 'Rate exceeded' },
        ]),
      );
      for (const { body } of after.answers) {
        expect(statuses(body)).toEqual(expectedStatuses);
        expect(
          Object.fromEntries(affected.map(p => [p, body[p].error])),
        ).toEqual(expectedErrors);
      }
      // An affected panel keeps its last good data and says when that was read.
      const throttled = after.answers.find(
        a => a.body.meshId === before.body.meshId,
      )!.body;
      for (const panel of affected) {
        expect(throttled[panel].fetchedAt).toBe(before.body[panel].fetchedAt);
      }
      expect(throttled.alarms.items).toEqual(before.body.alarms.items);

      await localControl(aws.url, 'DELETE', `/faults?service=${service}`);
      for (const body of await refreshAndExpectWhole()) {
        for (const panel of affected) {
          expect(body[panel].error).toBeUndefined();
          expect(Date.parse(body[panel].fetchedAt!)).toBeGreaterThan(
            Date.parse(before.body[panel].fetchedAt!),
          );
        }
      }

      // The figures, for the README.
      // eslint-disable-next-line no-console
      console.log(
        `${service} throttled: ${REQUESTS} + ${REQUESTS} snapshot requests at ${CONCURRENCY} concurrent, all 200; ` +
          `p50/p95 ${during.p50.toFixed(1)}/${during.p95.toFixed(
            1,
          )} ms during the refresh, ${after.p50.toFixed(1)}/${after.p95.toFixed(
            1,
          )} ms after; refresh and load together ${Math.round(
            refreshMs,
          )} ms; the refresh's AWS calls ${JSON.stringify(
            refreshCalls,
          )}; page views' AWS calls ${JSON.stringify(viewCalls)}`,
      );
    },
    60_000,
  );
});
