/*
 * Benchmark of the snapshot API: p50/p95 latency at 1, 10 and 50 concurrent viewers for a mesh of 16 agents
 * with 10,000 runs a day, AWS calls per page view (must be 0), and AWS calls per refresh cycle, which must not
 * grow with agents (4 against 16) or with viewers (a refresh during the load against one while idle).
 *
 *   yarn bench:snapshot [--seconds 10]
 *
 * It starts everything itself, in process, on port 0 (never 3000, 7007 or 4599): local-aws with its living
 * world (clock fixed at the start, moved 30 s per refresh cycle through the control API, live runs on), where
 * the two benchmark meshes are added through the control API (`POST /_local/meshes`), and the plugin in a
 * backend built with startTestBackend (SQLite, mock auth and permissions, a catalog holding the mesh). It
 * counts AWS requests with the plugin's own metrics (`agent_mesh.aws.calls.count`, an SDK middleware on every
 * client, kept in memory by the test backend), stops
 * everything at the end, gives up after a time bound, and exits non-zero when a bar is violated.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import autocannon from 'autocannon';
import { RunningLocalAws, startLocalAws } from 'local-aws';
import { callsBetween } from '../src/__testUtils__/recordingMetrics';
import { startLocalAwsBackend } from '../src/__testUtils__/localAwsBackend';
import {
  endpointsConfig,
  localControl,
} from '../src/__testUtils__/localAwsWorld';
import { meshEntities } from './meshEntities';

const RUNS_PER_DAY = 10_000;
/** Days of history each benchmark mesh is seeded with (the first refresh backfills the last 24 h). */
const HISTORY_DAYS = 2;
const REFRESH_SECONDS = 30;
const seconds =
  Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
/** The whole run's bound: setup, two scenarios, four load levels. */
const TIME_BOUND_MS = (120 + 6 * seconds) * 1000;

async function scenario(aws: RunningLocalAws, agentCount: number) {
  // The mesh is added to the living world through its control API, with its seeded history.
  const added = await localControl(aws, 'POST', '/meshes', {
    meshId: `bench-${agentCount}`,
    tier: 'large',
    region: 'eu-west-1',
    account: '333333333333',
    agentCount,
    runsPerDay: RUNS_PER_DAY,
    historyDays: HISTORY_DAYS,
  });
  const { backend, metrics, trigger, baseUrl } = await startLocalAwsBackend({
    config: {
      ...endpointsConfig(aws.url),
      agentMesh: {
        ...endpointsConfig(aws.url).agentMesh,
        refresh: { frequency: { seconds: REFRESH_SECONDS } },
      },
    },
    entities: meshEntities(added, added.agents),
  });
  /** One refresh cycle: the world moves on one interval (new runs start, running ones end), then a refresh. */
  const cycle = async () => {
    await localControl(aws, 'POST', '/clock/advance', {
      ms: REFRESH_SECONDS * 1000,
    });
    const before = metrics.awsCalls();
    await trigger.refresh();
    return callsBetween(before, metrics.awsCalls());
  };
  const before = metrics.awsCalls();
  await trigger.refresh();
  const first = callsBetween(before, metrics.awsCalls());
  const steady = await cycle();
  return {
    agentCount,
    executions: added.executions as number,
    addMs: added.tookMs as number,
    first,
    steady,
    cycle,
    metrics,
    url: `${baseUrl}/meshes/default/${added.meshId}/snapshot`,
    stop: () => backend.stop(),
  };
}

async function load(url: string, connections: number) {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: { authorization: mockCredentials.user.header() },
      },
      (error, finished) => (error ? fail(error) : done(finished)),
    ).on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[
      Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))
    ];
  return {
    connections,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    p50: at(50),
    p95: at(95),
  };
}

const total = (calls: Record<string, number>) =>
  Object.values(calls).reduce((a, b) => a + b, 0);
/**
 * A refresh's calls without the waiting-run recovery's history reads: those follow the runs open at the approval
 * gate, at most 10 per mesh and refresh (WaitingRunRecovery), not the agents or the viewers the bars compare.
 */
const readCalls = (calls: Record<string, number>) =>
  total(calls) - (calls['StepFunctions.GetExecutionHistory'] ?? 0);

async function main() {
  const bound = setTimeout(() => {
    console.error(
      `FAILED: the benchmark did not end within ${TIME_BOUND_MS / 1000} s`,
    );
    process.exit(1);
  }, TIME_BOUND_MS);
  bound.unref();
  // The world's clock stands still at the start and moves one refresh interval per cycle; live runs are on.
  const aws = await startLocalAws({
    port: 0,
    seed: 'bench',
    now: Date.now(),
    meshes: [],
    liveRuns: true,
  });
  const small = await scenario(aws, 4);
  await small.stop();
  const large = await scenario(aws, 16);
  let failed = false;
  try {
    // Warm up, then measure; one refresh cycle runs during each level's load.
    await load(large.url, 1);
    const rows = [];
    for (const connections of [1, 10, 50]) {
      const before = large.metrics.awsCalls();
      const [row, refreshCalls] = await Promise.all([
        load(large.url, connections),
        new Promise(resolve => setTimeout(resolve, (seconds * 1000) / 2)).then(
          () => large.cycle(),
        ),
      ]);
      const allCalls = total(callsBetween(before, large.metrics.awsCalls()));
      rows.push({
        ...row,
        refreshCalls,
        viewCalls: allCalls - total(refreshCalls),
      });
    }
    const idle = await large.cycle();
    const stored = large.executions;
    console.log(
      `\nSnapshot API, mesh of 16 agents, ${RUNS_PER_DAY} runs a day (local-aws world, ${stored} executions over ${HISTORY_DAYS} days, added in ${large.addMs} ms), ${seconds} s per level`,
    );
    console.table(
      rows.map(r => ({
        viewers: r.connections,
        requests: r.requests,
        'non-2xx': r.non2xx + r.errors,
        'p50 ms': r.p50,
        'p95 ms': r.p95,
        'AWS calls by views': r.viewCalls,
        'AWS calls per view': r.viewCalls / Math.max(1, r.requests),
        'refresh calls during load': total(r.refreshCalls),
      })),
    );
    console.log(
      '\nAWS calls per refresh cycle (first = backfill of the last 24 h; steady = one 30 s interval later; idle = after the load)',
    );
    console.table([
      ...[small, large].flatMap(s => [
        {
          agents: s.agentCount,
          refresh: 'first',
          total: total(s.first),
          ...s.first,
        },
        {
          agents: s.agentCount,
          refresh: 'steady',
          total: total(s.steady),
          ...s.steady,
        },
      ]),
      ...rows.map(r => ({
        agents: 16,
        refresh: `during ${r.connections} viewers`,
        total: total(r.refreshCalls),
        ...r.refreshCalls,
      })),
      { agents: 16, refresh: 'idle', total: total(idle), ...idle },
    ]);
    const bars = [
      ['a page view called AWS', rows.some(r => r.viewCalls > 0)],
      ['a request failed', rows.some(r => r.non2xx + r.errors > 0)],
      [
        'refresh calls grew with agents (4 against 16)',
        readCalls(small.steady) !== readCalls(large.steady),
      ],
      [
        'refresh calls grew with viewers (during load against idle)',
        rows.some(r => readCalls(r.refreshCalls) > readCalls(idle)),
      ],
    ] as const;
    for (const [bar, violated] of bars) {
      if (violated) {
        console.error(`FAILED: ${bar}`);
        failed = true;
      }
    }
  } finally {
    await large.stop();
    await aws.close();
    clearTimeout(bound);
  }
  if (failed) process.exitCode = 1;
}

main().then(
  // Everything was stopped above; a handle some library keeps (e.g. a keep-alive agent) must not hold the exit.
  () => process.exit(process.exitCode ?? 0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
