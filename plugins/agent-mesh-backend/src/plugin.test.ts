import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import {
  CacheService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import { agentMeshPlugin } from './plugin';
import { refreshTrigger } from './__testUtils__/refreshTrigger';
import { awsError } from './__testUtils__/awsTestClients';
import {
  listedExecution,
  mockMeshTags,
  mockSnapshotClients,
} from './__testUtils__/snapshotClientMocks';

const { sfn, cw, ddb, ce } = mockSnapshotClients();

function system(
  name: string,
  annotations: Record<string, string>,
  type = 'agent-mesh',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name, namespace: 'default', annotations },
    spec: { type, owner: 'group:default/platform-team' },
  };
}

const mesh = system('billing-dev', {
  'agent-mesh.io/mesh-id': 'billing-dev',
  'agent-mesh.io/aws-account': '123456789012',
  'agent-mesh.io/region': 'eu-west-1',
  'agent-mesh.io/tier': 'medium',
});
const meshWithoutRegion = system('half-mesh', {
  'agent-mesh.io/mesh-id': 'half-mesh',
  'agent-mesh.io/aws-account': '123456789012',
});
const unrelatedSystem = system('payments', {}, 'service');

const conductor: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing-dev-conductor',
    namespace: 'default',
    annotations: { 'agent-mesh.io/agent-name': 'conductor' },
  },
  spec: {
    type: 'agent',
    lifecycle: 'experimental',
    owner: 'group:default/platform-team',
    system: 'billing-dev',
  },
};

const LOCAL = 'http://127.0.0.1:9';
const awsConfig = {
  agentMesh: {
    aws: {
      endpoints: {
        stepFunctions: LOCAL,
        cloudWatch: LOCAL,
        costExplorer: LOCAL,
        dynamoDb: LOCAL,
        eventBridge: LOCAL,
        s3: LOCAL,
      },
    },
  },
};

/** The test's AWS endpoints with more `agentMesh` config on top. */
function withAgentMesh(extra: object) {
  return { ...awsConfig, agentMesh: { ...awsConfig.agentMesh, ...extra } };
}

/** A listed execution started `minutesAgo`, which ran five seconds unless it is still running. */
function execution(
  name: string,
  minutesAgo: number,
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED',
) {
  const listed = listedExecution(name, minutesAgo, status, Date.now());
  return {
    ...listed,
    stopDate:
      status === 'RUNNING'
        ? undefined
        : new Date(listed.startDate.getTime() + 5000),
  };
}

function mockAws() {
  mockMeshTags(sfn);
  sfn.on(ListExecutionsCommand).resolves({
    executions: [
      execution('conductor--execute--d', 1, 'RUNNING'),
      execution('critic--dry_run--c', 2, 'FAILED'),
      execution('critic--dry_run--b', 3, 'SUCCEEDED'),
      execution('conductor--read_only--a', 4, 'SUCCEEDED'),
    ],
  });
  sfn.on(GetExecutionHistoryCommand).resolves({
    events: [
      { id: 1, timestamp: new Date(), type: 'ExecutionStarted' },
      {
        id: 2,
        previousEventId: 1,
        timestamp: new Date(),
        type: 'ExecutionFailed',
        executionFailedEventDetails: {
          error: 'AgentMesh.CriticRejected',
          cause: 'unsafe plan',
        },
      },
    ],
  });
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: 'agent-mesh-billing-dev/orchestration-executions-failed',
        StateValue: 'ALARM',
      },
    ],
  });
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  ddb.on(BatchGetItemCommand).resolves({ Responses: {} });
  const today = new Date().toISOString().slice(0, 10);
  // The agent and lane grouping answers nothing; the SERVICE grouping below is more specific.
  ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
  ce.on(GetCostAndUsageCommand, {
    GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
  }).resolves({
    ResultsByTime: [
      {
        TimePeriod: { Start: today, End: today },
        Groups: [
          {
            Keys: ['AWS Step Functions'],
            Metrics: { UnblendedCost: { Amount: '2', Unit: 'USD' } },
          },
          {
            Keys: ['Amazon ECS'],
            Metrics: { UnblendedCost: { Amount: '5', Unit: 'USD' } },
          },
        ],
      },
    ],
  });
  ce.on(GetCostForecastCommand).resolves({
    Total: { Amount: '100', Unit: 'USD' },
  });
}

function allAwsCalls() {
  return [sfn, cw, ddb, ce].reduce((sum, m) => sum + m.calls().length, 0);
}

async function startBackend(options?: {
  config?: object;
  permissionResult?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  refresh?: boolean;
}) {
  const trigger = refreshTrigger();
  const backend = await startTestBackend({
    features: [
      agentMeshPlugin,
      mockServices.rootConfig.factory({ data: options?.config ?? awsConfig }),
      mockServices.permissions.factory({
        result: options?.permissionResult ?? AuthorizeResult.ALLOW,
      }),
      catalogServiceMock.factory({
        entities: [mesh, meshWithoutRegion, conductor, unrelatedSystem],
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      trigger.module,
    ],
  });
  if (options?.refresh) {
    await trigger.refresh();
  }
  return backend;
}

const user = () => mockCredentials.user.header();

/** `GET /api/agent-mesh<path>` on the test backend as a signed-in user. */
function userGet(server: Parameters<typeof request>[0], path: string) {
  return request(server)
    .get(`/api/agent-mesh${path}`)
    .set('Authorization', user());
}

/** A cache whose server is gone: every call fails with the driver's message, host and port included. */
function brokenCache(): CacheService {
  const fail = async (): Promise<never> => {
    throw new Error('connect ECONNREFUSED 10.0.0.5:6379');
  };
  return { get: fail, set: fail, delete: fail, withOptions: brokenCache };
}

describe('agentMeshPlugin', () => {
  beforeEach(() => {
    for (const m of [sfn, cw, ddb, ce]) m.reset();
    mockAws();
  });

  it('answers /health without credentials', async () => {
    const { server } = await startBackend();

    const response = await request(server)
      .get('/api/agent-mesh/health')
      .set('Authorization', mockCredentials.none.header());

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', cache: 'ok' });
  });

  it('answers /health with a status only when the cache fails, the reason going to the log', async () => {
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    const { server } = await startTestBackend({
      features: [
        agentMeshPlugin,
        mockServices.rootConfig.factory({ data: awsConfig }),
        catalogServiceMock.factory({ entities: [mesh] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: coreServices.cache,
          deps: {},
          factory: () => brokenCache(),
        }),
        createServiceFactory({
          service: coreServices.logger,
          deps: {},
          factory: () => logger,
        }),
      ],
    });

    const response = await request(server)
      .get('/api/agent-mesh/health')
      .set('Authorization', mockCredentials.none.header());

    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      status: 'unavailable',
      cache: 'unreachable',
    });
    expect(response.text).not.toContain('10.0.0.5');
    expect(logger.warn).toHaveBeenCalledWith(
      'Health check: the cache did not answer',
      expect.objectContaining({ message: expect.stringContaining('10.0.0.5') }),
    );
  });

  it.each([
    '/meshes',
    '/meshes/default/billing-dev/snapshot',
    '/meshes/default/billing-dev/runs',
    '/meshes/default/billing-dev/runs/critic--dry_run--c',
    '/meshes/default/billing-dev/cost',
  ])('refuses %s without credentials', async path => {
    const { server } = await startBackend();
    const response = await request(server)
      .get(`/api/agent-mesh${path}`)
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });

  it.each([
    '/meshes/default/billing-dev/snapshot',
    '/meshes/default/billing-dev/runs',
    '/meshes/default/billing-dev/runs/critic--dry_run--c',
    '/meshes/default/billing-dev/cost',
  ])('refuses %s without the agent-mesh.read permission', async path => {
    const { server } = await startBackend({
      permissionResult: AuthorizeResult.DENY,
      refresh: true,
    });
    const response = await userGet(server, `${path}`);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('agent-mesh.read');
  });

  it('lists readable meshes with their health, pending before the first refresh', async () => {
    const { server } = await startBackend();

    const response = await userGet(server, '/meshes');

    expect(response.status).toBe(200);
    expect(response.body.items.map((m: { name: string }) => m.name)).toEqual([
      'billing-dev',
      'half-mesh',
    ]);
    expect(response.body.items[0]).toMatchObject({
      entityRef: 'system:default/billing-dev',
      meshId: 'billing-dev',
      tier: 'medium',
      agents: [
        {
          entityRef: 'component:default/billing-dev-conductor',
          name: 'conductor',
        },
      ],
      health: { status: 'pending', alarmsInAlarm: 0, failingPanels: [] },
    });
  });

  it('hides meshes the user may not read', async () => {
    const { server } = await startBackend({
      permissionResult: AuthorizeResult.DENY,
    });
    const response = await userGet(server, '/meshes');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('answers 404 for an unknown entity, a system that is no mesh, and a mesh missing an annotation', async () => {
    const { server } = await startBackend();

    const unknown = await userGet(server, '/meshes/default/nope/snapshot');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.name).toBe('NotFoundError');

    const notMesh = await userGet(server, '/meshes/default/payments/snapshot');
    expect(notMesh.status).toBe(404);

    const missing = await userGet(server, '/meshes/default/half-mesh/runs');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      name: 'NotFoundError',
      message:
        'Agent mesh system:default/half-mesh is missing the annotation agent-mesh.io/region',
    });
  });

  it('serves the refreshed snapshot with its age, and page views make no AWS call', async () => {
    const { server } = await startBackend({ refresh: true });
    const callsAfterRefresh = allAwsCalls();
    expect(callsAfterRefresh).toBeGreaterThan(0);

    for (let i = 0; i < 5; i++) {
      const response = await userGet(
        server,
        '/meshes/default/billing-dev/snapshot',
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        entityRef: 'system:default/billing-dev',
        meshId: 'billing-dev',
        tier: 'medium',
        runs: {
          status: 'ok',
          totals: { total: 4, running: 1, failed: 1, succeeded: 2 },
        },
        alarms: { status: 'ok', items: [{ state: 'ALARM' }] },
        cost: { status: 'ok', summary: { monthToDate: 7, budget: 500 } },
      });
      expect(response.body.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(response.body.agents.map((a: { name: string }) => a.name)).toEqual(
        ['conductor', 'critic'],
      );
    }
    const list = await userGet(server, '/meshes');
    expect(list.body.items[0].health).toMatchObject({
      status: 'degraded',
      alarmsInAlarm: 1,
    });
    expect(allAwsCalls()).toBe(callsAfterRefresh);
  });

  it('answers 200 with the reason, never 500, when every AWS source fails', async () => {
    for (const m of [sfn, cw, ddb, ce]) m.reset();
    sfn
      .onAnyCommand()
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    // The ownership check passes, so each source's own failure shows.
    mockMeshTags(sfn);
    cw.onAnyCommand().rejects(awsError('AccessDenied', 'denied'));
    ddb.onAnyCommand().rejects(awsError('AccessDeniedException', 'denied'));
    ce.onAnyCommand().rejects(awsError('TimeoutError', 'timed out'));
    const { server } = await startBackend({ refresh: true });

    const response = await userGet(
      server,
      '/meshes/default/billing-dev/snapshot',
    );

    expect(response.status).toBe(200);
    expect(response.body.runs).toMatchObject({
      status: 'error',
      error: { name: 'ThrottlingException' },
    });
    expect(response.body.alarms).toMatchObject({
      status: 'error',
      error: { name: 'AccessDenied' },
    });
    expect(response.body.lanes).toMatchObject({
      status: 'error',
      error: { name: 'AccessDeniedException' },
    });
    expect(response.body.cost).toMatchObject({
      status: 'error',
      error: { name: 'TimeoutError' },
    });

    const detail = await userGet(server, '/meshes/default/billing-dev/cost');
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      status: 'error',
      points: [],
      error: { name: 'TimeoutError' },
    });
  });

  it('reads no AWS account that config does not allow, and says why in every panel', async () => {
    const { server } = await startBackend({
      refresh: true,
      config: withAgentMesh({
        accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
      }),
    });

    const response = await userGet(
      server,
      '/meshes/default/billing-dev/snapshot',
    );

    expect(response.status).toBe(200);
    const refusal = {
      status: 'error',
      error: {
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'AWS account 123456789012 is not one this Backstage reads: add it to agentMesh.accounts',
        ),
      },
    };
    for (const panel of ['runs', 'lanes', 'alarms', 'metrics', 'cost']) {
      expect(response.body[panel]).toMatchObject(refusal);
    }
    expect(allAwsCalls()).toBe(0);
  });

  it('pages runs newest first with a cursor, and filters them', async () => {
    const { server } = await startBackend({ refresh: true });
    const get = (query: string) =>
      userGet(server, `/meshes/default/billing-dev/runs?${query}`);

    const first = await get('limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: { name: string }) => r.name)).toEqual([
      'conductor--execute--d',
      'critic--dry_run--c',
      'critic--dry_run--b',
    ]);
    expect(first.body.items[1]).toMatchObject({
      agent: 'critic',
      lane: 'dry_run',
      status: 'FAILED',
    });
    const second = await get(`limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r: { name: string }) => r.name)).toEqual([
      'conductor--read_only--a',
    ]);
    expect(second.body.nextCursor).toBeUndefined();

    const filtered = await get('agent=critic&status=FAILED');
    expect(filtered.body.items.map((r: { name: string }) => r.name)).toEqual([
      'critic--dry_run--c',
    ]);
    const byLane = await get('lane=read_only');
    expect(byLane.body.items.map((r: { name: string }) => r.name)).toEqual([
      'conductor--read_only--a',
    ]);
    const from = new Date(Date.now() - 150000).toISOString();
    const recent = await get(`from=${encodeURIComponent(from)}`);
    expect(recent.body.items).toHaveLength(2);
  });

  it.each([
    ['status=DONE', 'status'],
    ['limit=0', 'limit'],
    ['limit=500', 'limit'],
    ['lane=admin', 'lane'],
    ['from=yesterday', 'from'],
    ['colour=blue', 'colour'],
  ])(
    'refuses runs?%s with a 400 naming the parameter',
    async (query, param) => {
      const { server } = await startBackend();
      const response = await userGet(
        server,
        `/meshes/default/billing-dev/runs?${query}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
      expect(response.body.error.message).toContain(param);
    },
  );

  it('refuses a forged cursor and an inverted time range', async () => {
    const { server } = await startBackend();
    const cursor = await userGet(
      server,
      '/meshes/default/billing-dev/runs?cursor=bm9wZQ',
    );
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toContain('cursor');
    const range = await userGet(
      server,
      '/meshes/default/billing-dev/runs?from=2026-11-25T10:00:00Z&to=2026-11-25T09:00:00Z',
    );
    expect(range.status).toBe(400);
  });

  it('reads a finished run history once, on its first view, and keeps it', async () => {
    const { server } = await startBackend({ refresh: true });
    const get = () =>
      userGet(server, '/meshes/default/billing-dev/runs/critic--dry_run--c');

    const first = await get();
    const second = await get();

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      run: {
        name: 'critic--dry_run--c',
        status: 'FAILED',
        agent: 'critic',
        lane: 'dry_run',
      },
      history: {
        status: 'ok',
        truncated: false,
        events: [
          { id: 1, type: 'ExecutionStarted' },
          {
            id: 2,
            type: 'ExecutionFailed',
            error: 'AgentMesh.CriticRejected',
            cause: 'unsafe plan',
          },
        ],
      },
    });
    expect(second.body).toEqual(first.body);
    const historyCalls = sfn.commandCalls(GetExecutionHistoryCommand);
    const ofViewedRun = historyCalls.filter(call =>
      call.args[0].input.executionArn?.endsWith(':critic--dry_run--c'),
    );
    expect(ofViewedRun).toHaveLength(1);
    // Any other history read is the refresh looking at a running run for an approval wait it missed.
    for (const call of historyCalls.filter(c => !ofViewedRun.includes(c))) {
      expect(call.args[0].input).toMatchObject({
        executionArn: expect.stringContaining(':conductor--execute--d'),
        reverseOrder: true,
      });
    }

    const unknown = await userGet(
      server,
      '/meshes/default/billing-dev/runs/no-such-run',
    );
    expect(unknown.status).toBe(404);
  });

  it('answers 429 with Retry-After past the mesh’s history reads per minute, still serving runs read before', async () => {
    const { server } = await startBackend({
      refresh: true,
      config: withAgentMesh({ runs: { historyReadsPerMinute: 2 } }),
    });
    const get = (run: string) =>
      userGet(server, `/meshes/default/billing-dev/runs/${run}`);

    expect((await get('critic--dry_run--c')).status).toBe(200);
    expect((await get('critic--dry_run--b')).status).toBe(200);
    const refused = await get('conductor--read_only--a');

    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body.error).toMatchObject({
      name: 'TooManyRequestsError',
      message: expect.stringContaining('agentMesh.runs.historyReadsPerMinute'),
    });
    // A finished run read before is served from the database, without counting.
    expect((await get('critic--dry_run--c')).status).toBe(200);
  });

  it('serves cost series grouped as asked, from the stored answer', async () => {
    const { server } = await startBackend({ refresh: true });
    const calls = ce.calls().length;

    const response = await userGet(
      server,
      '/meshes/default/billing-dev/cost?granularity=MONTHLY&groupBy=SERVICE',
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      currency: 'USD',
      granularity: 'MONTHLY',
      groupBy: 'SERVICE',
      monthToDate: 7,
      budget: 500,
      forecast: { amount: 100 },
    });
    expect(response.body.points).toHaveLength(3);
    expect(response.body.points[2]).toMatchObject({
      total: 7,
      groups: [
        { key: 'Amazon ECS', amount: 5 },
        { key: 'AWS Step Functions', amount: 2 },
      ],
    });
    const bad = await userGet(
      server,
      '/meshes/default/billing-dev/cost?groupBy=TEAM',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('groupBy');
    expect(ce.calls().length).toBe(calls);
  });

  it('stops at start on a bad agentMesh config value, naming the key', async () => {
    await expect(
      startBackend({
        config: { agentMesh: { cost: { cacheTtl: 'often' } } },
      }),
    ).rejects.toThrow(/agentMesh\.cost\.cacheTtl/);
    await expect(
      startBackend({
        config: {
          agentMesh: { aws: { endpoints: { stepFunctions: 'not a url' } } },
        },
      }),
    ).rejects.toThrow(/agentMesh\.aws\.endpoints\.stepFunctions/);
  });
});
