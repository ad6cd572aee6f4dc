import {
  CostSeriesResponse,
  ListMeshesResponse,
  ListRunsResponse,
  RunDetailResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AgentMeshClient } from './AgentMeshClient';
import { testClient } from '../__testUtils__/testClient';
import { snapshotFixture } from '../__testUtils__/fixtures';

const baseUrl = 'http://backstage.test/api/agent-mesh';

const meshes: ListMeshesResponse = {
  items: [
    {
      entityRef: 'system:default/billing-dev',
      name: 'billing-dev',
      meshId: 'billing-dev',
      tier: 'small',
      awsAccount: '123456789012',
      region: 'eu-west-1',
      agents: [{ entityRef: 'component:default/conductor', name: 'conductor' }],
      health: { status: 'pending', alarmsInAlarm: 0, failingPanels: [] },
    },
  ],
};

describe('AgentMeshClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const makeClient = () => testClient(baseUrl);

  it('lists meshes from <baseUrl>/meshes through the given fetchApi', async () => {
    server.use(
      http.get(`${baseUrl}/meshes`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer user-token'
          ? HttpResponse.json(meshes)
          : HttpResponse.json(
              {
                error: { name: 'AuthenticationError', message: 'no token' },
                response: { statusCode: 401 },
              },
              { status: 401 },
            ),
      ),
    );
    const { client, discoveryApi } = makeClient();

    await expect(client.listMeshes()).resolves.toEqual(meshes);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('agent-mesh');
  });

  it('throws a ResponseError with the status and the backend message on a non-OK answer', async () => {
    server.use(
      http.get(`${baseUrl}/meshes`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'not allowed to read meshes',
            },
            response: { statusCode: 403 },
          },
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
    );
    const { client } = makeClient();

    const error = await client.listMeshes().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ResponseError);
    const responseError = error as ResponseError;
    expect(responseError.statusCode).toBe(403);
    expect(responseError.message).toBe('Request failed with 403 Forbidden');
    expect(responseError.cause).toMatchObject({
      name: 'NotAllowedError',
      message: 'not allowed to read meshes',
    });
  });

  it('keeps a non-JSON error body in the ResponseError', async () => {
    server.use(
      http.get(
        `${baseUrl}/meshes`,
        () => new HttpResponse('upstream down', { status: 502 }),
      ),
    );
    const { client } = makeClient();

    await expect(client.listMeshes()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 502,
      cause: { message: expect.stringContaining('upstream down') },
    });
  });
  describe('mesh routes', () => {
    const mesh = { namespace: 'default', name: 'billing-staging' };
    const meshUrl = `${baseUrl}/meshes/default/billing-staging`;

    it('reads the snapshot from <baseUrl>/meshes/{namespace}/{name}/snapshot', async () => {
      const snapshot = snapshotFixture();
      server.use(
        http.get(`${meshUrl}/snapshot`, ({ request }) =>
          request.headers.get('authorization') === 'Bearer user-token'
            ? HttpResponse.json(snapshot)
            : new HttpResponse(null, { status: 401 }),
        ),
      );
      const { client } = makeClient();

      await expect(client.getMeshSnapshot(mesh)).resolves.toEqual(snapshot);
    });

    it('encodes the namespace and name as path segments', async () => {
      let seenPath: string | undefined;
      server.use(
        http.get(`${baseUrl}/meshes/*`, ({ request }) => {
          seenPath = new URL(request.url).pathname;
          return HttpResponse.json(snapshotFixture());
        }),
      );
      const { client } = makeClient();

      await client.getMeshSnapshot({ namespace: 'team a', name: 'x/y' });

      expect(seenPath).toBe('/api/agent-mesh/meshes/team%20a/x%2Fy/snapshot');
    });

    it('lists runs with every filter as an encoded query parameter', async () => {
      const page: ListRunsResponse = {
        items: [
          {
            name: 'run-1',
            executionArn: 'arn:aws:states:us-east-1:1:execution:x:run-1',
            agent: 'critic',
            lane: 'dry_run',
            status: 'FAILED',
            startDate: '2026-11-25T10:00:00.000Z',
          },
        ],
        nextCursor: 'c2',
      };
      let seen: URLSearchParams | undefined;
      server.use(
        http.get(`${meshUrl}/runs`, ({ request }) => {
          seen = new URL(request.url).searchParams;
          return HttpResponse.json(page);
        }),
      );
      const { client } = makeClient();

      await expect(
        client.listRuns(mesh, {
          status: 'FAILED',
          agent: 'critic',
          lane: 'dry_run',
          from: '2026-11-25T00:00:00+01:00',
          to: '2026-11-26T00:00:00Z',
          limit: 20,
          cursor: 'a+b/c==',
        }),
      ).resolves.toEqual(page);
      expect(Object.fromEntries(seen!.entries())).toEqual({
        status: 'FAILED',
        agent: 'critic',
        lane: 'dry_run',
        from: '2026-11-25T00:00:00+01:00',
        to: '2026-11-26T00:00:00Z',
        limit: '20',
        cursor: 'a+b/c==',
      });
    });

    it('sends no query parameters for runs when none are given', async () => {
      let search: string | undefined;
      server.use(
        http.get(`${meshUrl}/runs`, ({ request }) => {
          search = new URL(request.url).search;
          return HttpResponse.json({ items: [] });
        }),
      );
      const { client } = makeClient();

      await client.listRuns(mesh, { agent: undefined });

      expect(search).toBe('');
    });

    it('reads one run with its history, the run name encoded', async () => {
      const detail: RunDetailResponse = {
        run: {
          name: 'run 1',
          executionArn: 'arn',
          status: 'SUCCEEDED',
          startDate: '2026-11-25T10:00:00.000Z',
        },
        history: {
          status: 'ok',
          truncated: false,
          events: [
            {
              id: 1,
              timestamp: '2026-11-25T10:00:00.000Z',
              type: 'ExecutionStarted',
            },
          ],
        },
      };
      let seenPath: string | undefined;
      server.use(
        http.get(`${meshUrl}/runs/*`, ({ request }) => {
          seenPath = new URL(request.url).pathname;
          return HttpResponse.json(detail);
        }),
      );
      const { client } = makeClient();

      await expect(client.getRun(mesh, 'run 1')).resolves.toEqual(detail);
      expect(seenPath).toBe(
        '/api/agent-mesh/meshes/default/billing-staging/runs/run%201',
      );
    });

    it('reads the cost series with granularity and groupBy', async () => {
      const cost: CostSeriesResponse = {
        status: 'ok',
        entityRef: 'system:default/billing-staging',
        currency: 'USD',
        granularity: 'MONTHLY',
        groupBy: 'LANE',
        points: [],
        monthToDate: 12.5,
      };
      let seen: URLSearchParams | undefined;
      server.use(
        http.get(`${meshUrl}/cost`, ({ request }) => {
          seen = new URL(request.url).searchParams;
          return HttpResponse.json(cost);
        }),
      );
      const { client } = makeClient();

      await expect(
        client.getCost(mesh, { granularity: 'MONTHLY', groupBy: 'LANE' }),
      ).resolves.toEqual(cost);
      expect(Object.fromEntries(seen!.entries())).toEqual({
        granularity: 'MONTHLY',
        groupBy: 'LANE',
      });
    });

    it.each([
      [
        'getMeshSnapshot',
        (c: AgentMeshClient) => c.getMeshSnapshot(mesh),
        '/snapshot',
      ],
      ['listRuns', (c: AgentMeshClient) => c.listRuns(mesh), '/runs'],
      ['getRun', (c: AgentMeshClient) => c.getRun(mesh, 'r1'), '/runs/r1'],
      ['getCost', (c: AgentMeshClient) => c.getCost(mesh), '/cost'],
    ])(
      '%s throws a ResponseError naming the missing annotation on 404',
      async (_name, call, suffix) => {
        server.use(
          http.get(`${meshUrl}${suffix}`, () =>
            HttpResponse.json(
              {
                error: {
                  name: 'NotFoundError',
                  message:
                    'Agent mesh system:default/billing-staging is missing the annotation agent-mesh.io/region',
                },
                response: { statusCode: 404 },
              },
              { status: 404, statusText: 'Not Found' },
            ),
          ),
        );
        const { client } = makeClient();

        const error = await call(client).then(
          () => undefined,
          (e: unknown) => e,
        );

        expect(error).toBeInstanceOf(ResponseError);
        expect((error as ResponseError).statusCode).toBe(404);
        expect((error as ResponseError).cause.message).toMatch(
          /missing the annotation agent-mesh\.io\/region/,
        );
      },
    );
  });
});
