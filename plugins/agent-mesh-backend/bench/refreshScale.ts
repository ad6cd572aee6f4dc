/*
 * Benchmark of the refresh at scale: 10, 50 and 100 meshes of 16 agents each, against the embedded default.
 * For each size it reports the time of a full refresh cycle (the first, which backfills the last 24 h, and a
 * steady one a refresh interval later), the AWS calls per cycle, the stored snapshot size per mesh and the peak
 * memory of the process, then how each grows from the smallest size to the largest.
 *
 *   yarn bench:refresh-scale [--meshes 10,50,100]
 *
 * It starts everything itself, in process, on port 0: local-aws with no meshes (clock fixed, live runs on), the
 * meshes added through its control API (`POST /_local/meshes`, 1,000 runs a day each, one day of history),
 * and the plugin in a test backend (SQLite, mock auth and permissions, a catalog holding the meshes) whose
 * refresh tasks (all shards) run when the benchmark triggers them. AWS requests are counted by the plugin's
 * own metrics (`agent_mesh.aws.calls.count`, kept in memory by the test backend). It gives up after a time
 * bound and exits non-zero when a cycle leaves a mesh without a good snapshot.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { startLocalAws } from 'local-aws';
import { callsBetween } from '../src/__testUtils__/recordingMetrics';
import { startLocalAwsBackend } from '../src/__testUtils__/localAwsBackend';
import {
  endpointsConfig,
  localControl,
} from '../src/__testUtils__/localAwsWorld';
import { meshEntities } from './meshEntities';

const AGENTS = 16;
const RUNS_PER_DAY = 1_000;
const REFRESH_SECONDS = 60;
const sizesArg = process.argv[process.argv.indexOf('--meshes') + 1];
const SIZES = (process.argv.includes('--meshes') ? sizesArg : '10,50,100')
  .split(',')
  .map(Number);
const TIME_BOUND_MS = 20 * 60 * 1000;

const total = (calls: Record<string, number>) =>
  Object.values(calls).reduce((sum, n) => sum + n, 0);

/** The highest resident set size seen while `work` runs, sampled every 50 ms. */
async function withPeakMemory<T>(work: () => Promise<T>) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const value = await work();
    return {
      value,
      peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6),
    };
  } finally {
    clearInterval(sampler);
  }
}

async function measure(meshCount: number) {
  const aws = await startLocalAws({
    port: 0,
    seed: `scale-${meshCount}`,
    now: Date.now(),
    meshes: [],
    liveRuns: true,
  });
  const entities = [];
  const meshIds: string[] = [];
  for (let i = 0; i < meshCount; i += 1) {
    const added = await localControl(aws, 'POST', '/meshes', {
      meshId: `scale-${String(i).padStart(3, '0')}`,
      tier: 'medium',
      region: 'eu-west-1',
      account: '444444444444',
      agentCount: AGENTS,
      runsPerDay: RUNS_PER_DAY,
      historyDays: 1,
    });
    meshIds.push(added.meshId);
    entities.push(...meshEntities(added, added.agents));
  }
  const { backend, metrics, trigger, baseUrl } = await startLocalAwsBackend({
    config: {
      ...endpointsConfig(aws.url, aws.s3Url),
      agentMesh: {
        ...endpointsConfig(aws.url, aws.s3Url).agentMesh,
        refresh: { frequency: { seconds: REFRESH_SECONDS } },
      },
    },
    entities,
  });
  try {
    const cycle = async () => {
      const before = metrics.awsCalls();
      const started = performance.now();
      const { peakMb } = await withPeakMemory(() => trigger.refresh());
      return {
        ms: Math.round(performance.now() - started),
        calls: total(callsBetween(before, metrics.awsCalls())),
        peakMb,
      };
    };
    const first = await cycle();
    await localControl(aws, 'POST', '/clock/advance', {
      ms: REFRESH_SECONDS * 1000,
    });
    const steady = await cycle();
    let bytes = 0;
    let bad = 0;
    for (const meshId of meshIds) {
      const response = await fetch(
        `${baseUrl}/meshes/default/${meshId}/snapshot`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      const text = await response.text();
      bytes += text.length;
      const snapshot = JSON.parse(text);
      if (!response.ok || snapshot.runs?.status !== 'ok') bad += 1;
    }
    return {
      meshes: meshCount,
      'first cycle ms': first.ms,
      'steady cycle ms': steady.ms,
      'AWS calls, first': first.calls,
      'AWS calls, steady': steady.calls,
      'AWS calls per mesh, steady': +(steady.calls / meshCount).toFixed(1),
      'snapshot KB per mesh': +(bytes / meshCount / 1024).toFixed(1),
      'peak RSS MB': Math.max(first.peakMb, steady.peakMb),
      'meshes without a good snapshot': bad,
    };
  } finally {
    await backend.stop();
    await aws.close();
  }
}

async function main() {
  const bound = setTimeout(() => {
    console.error(
      `FAILED: the benchmark did not end within ${TIME_BOUND_MS / 60000} min`,
    );
    process.exit(1);
  }, TIME_BOUND_MS);
  bound.unref();
  const rows = [];
  for (const size of SIZES) {
    rows.push(await measure(size));
  }
  console.log(
    `\nRefresh at scale: meshes of ${AGENTS} agents, ${RUNS_PER_DAY} runs a day each, against local-aws (one process, 2 cores)`,
  );
  console.table(rows);
  const [smallest, largest] = [rows[0], rows[rows.length - 1]];
  const growth = (key: keyof typeof smallest) =>
    `${(Number(largest[key]) / Number(smallest[key])).toFixed(1)}x`;
  console.log(
    `\nFrom ${smallest.meshes} to ${largest.meshes} meshes (${(
      largest.meshes / smallest.meshes
    ).toFixed(0)}x): steady cycle ${growth(
      'steady cycle ms',
    )}, AWS calls ${growth('AWS calls, steady')}, snapshot per mesh ${growth(
      'snapshot KB per mesh',
    )}, peak memory ${growth('peak RSS MB')}`,
  );
  const failed = rows.some(r => r['meshes without a good snapshot'] > 0);
  if (failed) {
    console.error(
      'FAILED: a refresh cycle left meshes without a good snapshot',
    );
  }
  process.exit(failed ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
