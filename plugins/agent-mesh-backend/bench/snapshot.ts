/*
 * Benchmark of the snapshot API: p50/p95 latency at 1, 10 and 50 concurrent viewers for a mesh of 16 agents
 * with 10,000 runs a day, AWS calls per page view, and AWS calls per refresh cycle for 4 and 16 agents.
 *
 *   yarn bench:snapshot [--seconds 10]
 *
 * It starts everything itself, in process, on port 0 (never 3000, 7007 or 4599): an AWS endpoint (local-aws's
 * server with the synthetic mesh of ./syntheticMesh.ts), and the plugin in a backend built with
 * startTestBackend (SQLite, mock auth and permissions, a catalog holding the mesh). It counts AWS requests
 * with the plugin's own call recorder (an SDK middleware on every client), and stops everything at the end.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { startAwsJsonServer } from 'local-aws';
import { agentMeshPlugin } from '../src/plugin';
import { refreshTrigger } from '../src/testUtils/refreshTrigger';
import {
  awsCallRecorderServiceRef,
  callsBetween,
  InMemoryAwsCallRecorder,
} from '../src/aws/awsCallRecorder';
import { syntheticMesh } from './syntheticMesh';

// autocannon ships no types; only what is used here is declared.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}) => Promise<{
  requests: { total: number };
  non2xx: number;
  errors: number;
}> & {
  on(
    event: 'response',
    listener: (
      client: unknown,
      status: number,
      bytes: number,
      ms: number,
    ) => void,
  ): void;
} = require('autocannon');

const RUNS_PER_DAY = 10_000;
const REFRESH_SECONDS = 30;
const seconds =
  Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;

function entities(meshId: string, agents: string[]): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: meshId,
        namespace: 'default',
        annotations: {
          'agent-mesh.io/mesh-id': meshId,
          'agent-mesh.io/aws-account': '333333333333',
          'agent-mesh.io/region': 'eu-west-1',
          'agent-mesh.io/tier': 'large',
        },
      },
      spec: { type: 'agent-mesh', owner: 'group:default/platform-team' },
    },
    ...agents.map(agent => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `${meshId}-${agent}`,
        namespace: 'default',
        annotations: { 'agent-mesh.io/agent-name': agent },
      },
      spec: {
        type: 'agent',
        lifecycle: 'production',
        owner: 'group:default/platform-team',
        system: meshId,
      },
    })),
  ];
}

async function scenario(agentCount: number) {
  const meshId = `bench-${agentCount}`;
  const agents = [
    'conductor',
    'critic',
    'sweeper',
    ...Array.from({ length: agentCount - 3 }, (_, i) => `worker-${i + 1}`),
  ];
  let now = Date.now();
  const mesh = syntheticMesh({
    meshId,
    region: 'eu-west-1',
    accountId: '333333333333',
    agents,
    runsPerDay: RUNS_PER_DAY,
    nowMs: now,
  });
  const aws = await startAwsJsonServer({ operations: mesh.operations });
  const recorder = new InMemoryAwsCallRecorder();
  const trigger = refreshTrigger();
  const backend = await startTestBackend({
    features: [
      agentMeshPlugin,
      mockServices.rootConfig.factory({
        data: {
          agentMesh: {
            refresh: { frequency: { seconds: REFRESH_SECONDS } },
            aws: {
              endpoints: {
                stepFunctions: aws.url,
                cloudWatch: aws.url,
                costExplorer: aws.url,
                dynamoDb: aws.url,
              },
            },
          },
        },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: entities(meshId, agents) }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      trigger.module,
      createServiceFactory({
        service: awsCallRecorderServiceRef,
        deps: {},
        factory: () => recorder,
      }),
    ],
  });
  const refresh = async () => {
    const before = recorder.counts();
    await trigger.refresh();
    return callsBetween(before, recorder.counts());
  };
  const first = await refresh();
  // One refresh interval later, 10,000 runs a day have added about 3.5 runs.
  now += REFRESH_SECONDS * 1000;
  mesh.advanceTo(now);
  const steady = await refresh();
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    agentCount,
    runs: mesh.runCount(),
    first,
    steady,
    recorder,
    url: `http://127.0.0.1:${port}/api/agent-mesh/meshes/default/${meshId}/snapshot`,
    async stop() {
      await backend.stop();
      await aws.close();
    },
  };
}

async function load(url: string, connections: number) {
  const latencies: number[] = [];
  const run = autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: mockCredentials.user.header() },
  });
  run.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await run;
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

async function main() {
  const small = await scenario(4);
  await small.stop();
  const large = await scenario(16);
  try {
    // Warm up, then measure.
    await load(large.url, 1);
    const rows = [];
    for (const connections of [1, 10, 50]) {
      const before = large.recorder.counts();
      const row = await load(large.url, connections);
      rows.push({
        ...row,
        awsCalls: total(callsBetween(before, large.recorder.counts())),
      });
    }
    console.log(
      `\nSnapshot API, mesh of 16 agents, ${RUNS_PER_DAY} runs a day (${large.runs} runs stored), ${seconds} s per level`,
    );
    console.table(
      rows.map(r => ({
        viewers: r.connections,
        requests: r.requests,
        'non-2xx': r.non2xx + r.errors,
        'p50 ms': r.p50,
        'p95 ms': r.p95,
        'AWS calls': r.awsCalls,
        'AWS calls per view': r.awsCalls / Math.max(1, r.requests),
      })),
    );
    console.log(
      '\nAWS calls per refresh cycle (first = backfill of the last 24 h; steady = one interval later)',
    );
    console.table(
      [small, large].flatMap(s => [
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
    );
    const failed =
      rows.some(r => r.awsCalls > 0 || r.non2xx + r.errors > 0) ||
      total(small.steady) !== total(large.steady);
    if (failed) {
      console.error(
        'FAILED: page views called AWS, a request failed, or refresh calls grew with agents',
      );
      process.exitCode = 1;
    }
  } finally {
    await large.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
