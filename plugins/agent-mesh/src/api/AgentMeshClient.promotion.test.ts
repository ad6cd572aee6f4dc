import {
  DecisionRequest,
  LaneChangeRequest,
  LaneChangeResponse,
  LaneConflictError,
  GatesFailedError,
  ListHistoryResponse,
  PromotionRequestDecisionResponse,
  WaitingRunDecisionResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { testClient } from '../__testUtils__/testClient';
import {
  failingGateReportFixture,
  gateReportFixture,
  historyEntryFixture,
  lanesFixture,
  promotionRequestFixture,
  waitingRunFixture,
} from '../__testUtils__/fixtures';

const baseUrl = 'http://backstage.test/api/agent-mesh';
const mesh = { namespace: 'default', name: 'billing-staging' };
const meshUrl = `${baseUrl}/meshes/default/billing-staging`;

const applied: LaneChangeResponse = {
  outcome: 'applied',
  lane: { lane: 'dry_run', version: 3 },
  entry: historyEntryFixture(),
};

/** A Backstage error body, as the backend's error handler sends it. */
function errorBody(name: string, message: string, statusCode = 400) {
  return { error: { name, message }, response: { statusCode } };
}

/** The lane change these tests send: one lane up from the version the page saw. */
const READ_ONLY_TO_DRY_RUN = {
  from: 'read_only',
  to: 'dry_run',
  expectedVersion: 2,
} as const;

describe('AgentMeshClient lanes and promotion', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const makeClient = () => testClient(baseUrl).client;

  /**
   * Answers the promotions of conductor with `answer` (given how many were sent so far; `applied` unless
   * told) and returns every request sent, with its parsed body.
   */
  function recordPromotions(
    answer: (sent: number) => Response = () => HttpResponse.json(applied),
  ) {
    const sent: Array<{ headers: Headers; body: LaneChangeRequest }> = [];
    server.use(
      http.post(
        `${meshUrl}/agents/conductor/promotion`,
        async ({ request }) => {
          sent.push({
            headers: request.headers,
            body: (await request.json()) as LaneChangeRequest,
          });
          return answer(sent.length);
        },
      ),
    );
    return sent;
  }

  it('reads the lanes and an agent’s gates, the agent encoded', async () => {
    let gatesPath: string | undefined;
    const lanes = lanesFixture();
    server.use(
      http.get(`${meshUrl}/lanes`, () => HttpResponse.json(lanes)),
      http.get(`${meshUrl}/agents/*`, ({ request }) => {
        gatesPath = new URL(request.url).pathname;
        return HttpResponse.json(gateReportFixture());
      }),
    );
    const client = makeClient();

    await expect(client.listLanes(mesh)).resolves.toEqual(lanes);
    await expect(client.getPromotionGates(mesh, 'con ductor')).resolves.toEqual(
      gateReportFixture(),
    );
    expect(gatesPath).toBe(
      '/api/agent-mesh/meshes/default/billing-staging/agents/con%20ductor/gates',
    );
  });

  it('promotes with the lane and version seen, the reason and a new idempotency key per call', async () => {
    const sent = recordPromotions();
    const client = makeClient();
    const change = { ...READ_ONLY_TO_DRY_RUN, reason: 'ready' };

    await expect(
      client.promoteAgent(mesh, 'conductor', change),
    ).resolves.toEqual({ kind: 'applied', response: applied });
    await client.promoteAgent(mesh, 'conductor', change);

    for (const { headers } of sent) {
      expect(headers.get('authorization')).toBe('Bearer user-token');
      expect(headers.get('content-type')).toBe('application/json');
    }
    expect(sent[0].body).toEqual({
      ...change,
      idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,128}$/),
    });
    expect(sent[1].body.idempotencyKey).not.toBe(sent[0].body.idempotencyKey);
  });

  it('sends the caller’s idempotency key, so a retried click is the same intent', async () => {
    const sent = recordPromotions();
    const client = makeClient();
    const change = { ...READ_ONLY_TO_DRY_RUN, idempotencyKey: 'intent-1234' };

    await client.promoteAgent(mesh, 'conductor', change);
    await client.promoteAgent(mesh, 'conductor', change);

    expect(sent.map(({ body }) => body.idempotencyKey)).toEqual([
      'intent-1234',
      'intent-1234',
    ]);
  });

  it('sends a write again with the same key after a network failure or a 503', async () => {
    const sent = recordPromotions(count => {
      if (count === 1) {
        return HttpResponse.error();
      }
      if (count === 2) {
        return new HttpResponse('busy', { status: 503 });
      }
      return HttpResponse.json(applied);
    });

    await expect(
      makeClient().promoteAgent(mesh, 'conductor', READ_ONLY_TO_DRY_RUN),
    ).resolves.toMatchObject({ kind: 'applied' });
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map(({ body }) => body.idempotencyKey)).size).toBe(1);
  });

  const pending: LaneChangeResponse = {
    outcome: 'pending_approval',
    lane: { lane: 'dry_run', version: 4 },
    entry: historyEntryFixture({ action: 'promotion_requested' }),
    request: promotionRequestFixture(),
  };
  const conflict: LaneConflictError = {
    error: errorBody('ConflictError', 'The lane of conductor changed').error,
    current: { lane: 'execute', version: 7 },
  };
  const gatesFailed: GatesFailedError = {
    error: errorBody('GatesFailedError', 'A gate failed').error,
    report: failingGateReportFixture(),
  };

  it.each([
    [
      'a 202 as pending approval with the request',
      'promotion',
      'critic',
      202,
      pending,
      { from: 'dry_run', to: 'execute', expectedVersion: 4 },
      { kind: 'pending_approval', response: pending },
    ],
    [
      'a 409 as a conflict with the current lane and version',
      'demotion',
      'conductor',
      409,
      conflict,
      { from: 'dry_run', to: 'read_only', expectedVersion: 3 },
      {
        kind: 'conflict',
        current: { lane: 'execute', version: 7 },
        message: 'The lane of conductor changed',
      },
    ],
    [
      'a 422 as failed gates with the report',
      'promotion',
      'conductor',
      422,
      gatesFailed,
      READ_ONLY_TO_DRY_RUN,
      {
        kind: 'gates_failed',
        report: failingGateReportFixture(),
        message: 'A gate failed',
      },
    ],
  ] as const)(
    'answers %s',
    async (_case, route, agent, status, body, input, expected) => {
      server.use(
        http.post(`${meshUrl}/agents/${agent}/${route}`, () =>
          HttpResponse.json(body, { status }),
        ),
      );

      const client = makeClient();
      const change =
        route === 'promotion' ? client.promoteAgent : client.demoteAgent;
      await expect(
        change.call(client, mesh, agent, input as LaneChangeRequest),
      ).resolves.toEqual(expected);
    },
  );

  it('rejects other refusals (403, a 409 without a lane) with a ResponseError', async () => {
    server.use(
      http.post(`${meshUrl}/agents/conductor/promotion`, () =>
        HttpResponse.json(
          errorBody(
            'NotAllowedError',
            'may not promote agents of this mesh',
            403,
          ),
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
      http.post(`${meshUrl}/promotion-requests/req-1/approve`, () =>
        HttpResponse.json(
          errorBody('ConflictError', 'The request is no longer pending', 409),
          { status: 409, statusText: 'Conflict' },
        ),
      ),
    );
    const client = makeClient();

    const denied = await client
      .promoteAgent(mesh, 'conductor', READ_ONLY_TO_DRY_RUN)
      .catch(e => e);
    expect(denied).toBeInstanceOf(ResponseError);
    expect(denied).toMatchObject({
      statusCode: 403,
      cause: { message: 'may not promote agents of this mesh' },
    });

    await expect(
      client.approvePromotionRequest(mesh, 'req-1'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: { message: 'The request is no longer pending' },
    });
  });

  it('lists promotion requests, pending by default, or of the status asked for', async () => {
    const searches: string[] = [];
    server.use(
      http.get(`${meshUrl}/promotion-requests`, ({ request }) => {
        searches.push(new URL(request.url).search);
        return HttpResponse.json({ items: [promotionRequestFixture()] });
      }),
    );
    const client = makeClient();

    await expect(client.listPromotionRequests(mesh)).resolves.toEqual({
      items: [promotionRequestFixture()],
    });
    await client.listPromotionRequests(mesh, { status: 'expired' });

    expect(searches).toEqual(['', '?status=expired']);
  });

  it('approves a request with the reason and a key; a 409 with a lane is a conflict', async () => {
    const decided: PromotionRequestDecisionResponse = {
      request: promotionRequestFixture({ status: 'approved' }),
      lane: { lane: 'execute', version: 5 },
      entry: historyEntryFixture({ action: 'request_approved' }),
    };
    const bodies: DecisionRequest[] = [];
    let answer: 'ok' | 'conflict' = 'ok';
    server.use(
      http.post(
        `${meshUrl}/promotion-requests/req-1/approve`,
        async ({ request }) => {
          bodies.push((await request.json()) as DecisionRequest);
          return answer === 'ok'
            ? HttpResponse.json(decided)
            : HttpResponse.json(
                {
                  error: errorBody('ConflictError', 'lane changed').error,
                  current: { lane: 'read_only', version: 6 },
                },
                { status: 409 },
              );
        },
      ),
    );
    const client = makeClient();

    await expect(
      client.approvePromotionRequest(mesh, 'req-1', { reason: 'looks good' }),
    ).resolves.toEqual({ kind: 'approved', response: decided });
    expect(bodies[0]).toEqual({
      reason: 'looks good',
      idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,128}$/),
    });

    answer = 'conflict';
    await expect(
      client.approvePromotionRequest(mesh, 'req-1'),
    ).resolves.toEqual({
      kind: 'conflict',
      current: { lane: 'read_only', version: 6 },
      message: 'lane changed',
    });
  });

  it('rejects a request, and approves and rejects waiting runs, by their encoded names', async () => {
    const paths: string[] = [];
    const decidedRun: WaitingRunDecisionResponse = {
      run: waitingRunFixture({ status: 'approved' }),
      entry: historyEntryFixture({ action: 'run_approved' }),
    };
    server.use(
      http.post(`${meshUrl}/*`, async ({ request }) => {
        const path = new URL(request.url).pathname.replace(
          '/api/agent-mesh/meshes/default/billing-staging',
          '',
        );
        paths.push(
          `${path} ${((await request.json()) as DecisionRequest).reason}`,
        );
        return path.startsWith('/promotion-requests')
          ? HttpResponse.json({
              request: promotionRequestFixture({ status: 'rejected' }),
              entry: historyEntryFixture({ action: 'request_rejected' }),
            })
          : HttpResponse.json(decidedRun);
      }),
    );
    const client = makeClient();

    await expect(
      client.rejectPromotionRequest(mesh, 'req 1', { reason: 'not yet' }),
    ).resolves.toMatchObject({ request: { status: 'rejected' } });
    await expect(
      client.approveWaitingRun(mesh, 'run-42', { reason: 'fine' }),
    ).resolves.toEqual(decidedRun);
    await client.rejectWaitingRun(mesh, 'run-43', { reason: 'too risky' });

    expect(paths).toEqual([
      '/promotion-requests/req%201/reject not yet',
      '/waiting-runs/run-42/approve fine',
      '/waiting-runs/run-43/reject too risky',
    ]);
  });

  it('lists waiting runs, and the history with agent, limit and cursor', async () => {
    const page: ListHistoryResponse = {
      items: [historyEntryFixture()],
      nextCursor: '17',
    };
    let search: URLSearchParams | undefined;
    server.use(
      http.get(`${meshUrl}/waiting-runs`, () =>
        HttpResponse.json({ items: [waitingRunFixture()] }),
      ),
      http.get(`${meshUrl}/history`, ({ request }) => {
        search = new URL(request.url).searchParams;
        return HttpResponse.json(page);
      }),
    );
    const client = makeClient();

    await expect(client.listWaitingRuns(mesh)).resolves.toEqual({
      items: [waitingRunFixture()],
    });
    await expect(
      client.listHistory(mesh, { agent: 'conductor', limit: 20, cursor: '42' }),
    ).resolves.toEqual(page);
    expect(Object.fromEntries(search!.entries())).toEqual({
      agent: 'conductor',
      limit: '20',
      cursor: '42',
    });
  });
});
