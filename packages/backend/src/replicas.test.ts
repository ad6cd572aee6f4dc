import { Client } from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { RunningLocalAws, startLocalAws } from 'local-aws';
import {
  BackendProcess,
  portsAreOpen,
  startBackendProcess,
  waitForOk,
} from './testing/backendProcess';
import { ProxiedCall, startCountingProxy } from './testing/countingProxy';

jest.setTimeout(420_000);

const POSTGRES = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  password: '',
};
const servicesRequired = process.env.CI === 'true';
const servicesPresent = portsAreOpen([POSTGRES.port, 6379]);
if (!servicesPresent && !servicesRequired) {
  // eslint-disable-next-line no-console
  console.log(
    'SKIPPED the two-replica test: it needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379. ' +
      'Start both (or run with CI=true, where they are required).',
  );
}
const describeWithServices =
  servicesPresent || servicesRequired ? describe : describe.skip;

const REFRESH_SECONDS = 10;
const CATALOG_FILE = resolve(
  resolvePackagePath('backend'),
  '../../catalog/demo-meshes.yaml',
);

/**
 * Two backend processes on one PostgreSQL database and one Redis, as two replicas behind a load balancer, both
 * reading one embedded AWS through a proxy that records every call and which process made it.
 */
describeWithServices('two backend replicas on PostgreSQL and Redis', () => {
  const database = `agent_mesh_replicas_${randomBytes(4).toString('hex')}`;
  let aws: RunningLocalAws;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  const replicas: BackendProcess[] = [];

  beforeAll(async () => {
    await withPostgres(client => client.query(`CREATE DATABASE ${database}`));
    aws = await startLocalAws({ catalogFile: CATALOG_FILE, liveRuns: false });
    proxy = await startCountingProxy(aws.url);
    // One after the other, as a rolling deployment starts them: the first one creates the schemas.
    for (const name of ['replica-a', 'replica-b']) {
      const replica = await startReplica(name);
      replicas.push(replica);
      await waitForOk(replica, '/api/agent-mesh/health', 240_000);
    }
  });

  afterAll(async () => {
    await Promise.all(replicas.map(replica => replica.stop()));
    await proxy?.close();
    await aws?.close();
    await withPostgres(client =>
      client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    );
  });

  function startReplica(name: string) {
    const s3 = aws.s3Url;
    return startBackendProcess({
      configFiles: ['app-config.yaml'],
      overlay: {
        backend: {
          database: {
            client: 'pg',
            connection: { ...POSTGRES, database },
            pluginDivisionMode: 'schema',
          },
          cache: {
            store: 'redis',
            connection: 'redis://127.0.0.1:6379',
            // Its own keys, whatever else uses this Redis.
            redis: { client: { namespace: database } },
          },
        },
        // One AWS for both: the test's, behind the counting proxy.
        localAws: { enabled: false },
        agentMesh: {
          refresh: { frequency: { seconds: REFRESH_SECONDS } },
          aws: {
            endpoints: {
              stepFunctions: proxy.url,
              cloudWatch: proxy.url,
              costExplorer: proxy.url,
              dynamoDb: proxy.url,
              eventBridge: proxy.url,
              s3,
            },
          },
        },
        events: {
          modules: {
            awsSqs: {
              awsSqsConsumingEventPublisher: {
                topics: {
                  'agent-mesh-approvals-billing-staging': {
                    queue: {
                      endpoint: aws.url,
                      url: `${aws.url}/222222222222/agent-mesh-billing-staging-approvals`,
                    },
                  },
                  'agent-mesh-approvals-research-prod': {
                    queue: {
                      endpoint: aws.url,
                      url: `${aws.url}/333333333333/agent-mesh-research-prod-approvals`,
                    },
                  },
                },
              },
            },
          },
        },
      },
      // The SDK puts `app/<id>` in its user agent, so the proxy tells the replicas apart.
      // The keys the embedded AWS accepts; without the localAws module nothing else provides them.
      env: {
        AWS_SDK_UA_APP_ID: name,
        AWS_ACCESS_KEY_ID: 'agent-mesh-local',
        AWS_SECRET_ACCESS_KEY: 'agent-mesh-local',
      },
    });
  }

  it('refreshes each mesh once per interval in all, asks Cost Explorer once, and shares promotions with 409 on conflict', async () => {
    const [a, b] = replicas;
    const meshIds = [...aws.world().meshes.keys()];
    const tokens = await Promise.all(replicas.map(guestToken));

    // Every mesh's first snapshot, seen through either replica.
    for (const meshId of meshIds) {
      await waitFor(async () => {
        const snapshot = await getJson(
          b,
          tokens[1],
          `/meshes/default/${meshId}/snapshot`,
        );
        return snapshot.runs?.status === 'ok';
      });
    }

    // A window of whole intervals: per mesh, at most one refresh in each (plus one that straddles its start).
    const windowSeconds = 4 * REFRESH_SECONDS;
    const from = proxy.calls.length;
    await new Promise(done => setTimeout(done, windowSeconds * 1000));
    const inWindow = proxy.calls.slice(from);
    const refreshes = Object.fromEntries(
      meshIds.map(meshId => [meshId, runListings(inWindow, meshId).length]),
    );
    for (const meshId of meshIds) {
      expect(refreshes[meshId]).toBeGreaterThanOrEqual(1);
      expect(refreshes[meshId]).toBeLessThanOrEqual(
        windowSeconds / REFRESH_SECONDS + 1,
      );
    }
    const byReplica = countBy(
      inWindow.filter(call => call.operation === 'ListExecutions'),
      call => call.app ?? 'unknown',
    );
    // eslint-disable-next-line no-console
    console.log(
      `Refreshes per mesh in ${windowSeconds} s (every ${REFRESH_SECONDS} s): ${JSON.stringify(
        refreshes,
      )}; run listings by replica: ${JSON.stringify(byReplica)}`,
    );
    expect(
      Object.keys(byReplica).every(app => app.startsWith('replica-')),
    ).toBe(true);

    // Cost Explorer: one fetch per mesh in all (two GetCostAndUsage and one forecast), whatever the replicas.
    const costCalls = countBy(
      proxy.calls.filter(call => call.operation.startsWith('GetCost')),
      call => call.operation,
    );
    expect(costCalls).toEqual({
      GetCostAndUsage: 2 * meshIds.length,
      GetCostForecast: meshIds.length,
    });

    // A promotion through one replica is seen by the other, and a conflicting one there is refused with 409.
    const lanesPath = '/meshes/default/support-dev/lanes';
    const critic = (await getJson(a, tokens[0], lanesPath)).items.find(
      (item: { agent: string }) => item.agent === 'critic',
    );
    expect(critic.lane).toBe('read_only');
    const change = {
      from: 'read_only',
      to: 'dry_run',
      expectedVersion: critic.version,
      reason: 'two-replica test',
    };
    const promoted = await post(
      a,
      tokens[0],
      '/meshes/default/support-dev/agents/critic/promotion',
      {
        ...change,
        idempotencyKey: randomUUID(),
      },
    );
    expect(promoted.status).toBe(200);
    expect((await promoted.json()).outcome).toBe('applied');

    const seen = (await getJson(b, tokens[1], lanesPath)).items.find(
      (item: { agent: string }) => item.agent === 'critic',
    );
    expect(seen).toMatchObject({
      lane: 'dry_run',
      version: critic.version + 1,
    });

    const conflicting = await post(
      b,
      tokens[1],
      '/meshes/default/support-dev/agents/critic/promotion',
      {
        ...change,
        idempotencyKey: randomUUID(),
      },
    );
    expect(conflicting.status).toBe(409);
    expect(await conflicting.json()).toMatchObject({
      current: { lane: 'dry_run', version: critic.version + 1 },
    });
  });
});

/** The ListExecutions calls of one refresh of a mesh: one page of its orchestration runs (not the RUNNING list). */
function runListings(calls: ProxiedCall[], meshId: string): ProxiedCall[] {
  return calls.filter(
    call =>
      call.operation === 'ListExecutions' &&
      call.body.statusFilter === undefined &&
      String(call.body.stateMachineArn).endsWith(
        `:stateMachine:agent-mesh-${meshId}-orchestration`,
      ),
  );
}

function countBy<T>(items: T[], key: (item: T) => string) {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

async function guestToken(backend: BackendProcess): Promise<string> {
  let token: string | undefined;
  let last = '';
  await waitFor(async () => {
    const response = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`);
    last = `${response.status} ${await response.text()}`;
    if (!response.ok) return false;
    token = JSON.parse(last.slice(4)).backstageIdentity.token;
    return true;
  }).catch(error => {
    throw new Error(
      `${error.message}: the guest sign-in answered ${last}\n${backend.output()}`,
    );
  });
  return token!;
}

async function getJson(backend: BackendProcess, token: string, path: string) {
  const response = await fetch(`${backend.baseUrl}/api/agent-mesh${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.ok ? response.json() : {};
}

function post(
  backend: BackendProcess,
  token: string,
  path: string,
  body: object,
) {
  return fetch(`${backend.baseUrl}/api/agent-mesh${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise(done => setTimeout(done, 500));
  }
  throw new Error(`Not reached in ${timeoutMs} ms`);
}

function withPostgres<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...POSTGRES, database: 'postgres' });
  return client.connect().then(() => work(client).finally(() => client.end()));
}
