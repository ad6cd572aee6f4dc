import { TestDatabases } from '@backstage/backend-test-utils';
import { RunningLocalAws } from 'local-aws';
import {
  as,
  decidePromotionRequest,
  kvItem,
  laneChange,
  MESH,
  PEOPLE,
  portalEvents,
  startPromotionBackend,
  startTestAws,
} from '../../__testUtils__/promotionBackend';

/**
 * Every mutating route x {owner, other signed-in user, approver, service principal, unauthenticated}, with a
 * permissions fake that decides like the default policy (owners promote and demote, the approver group
 * approves). Only the allowed caller succeeds; every denial is 403 (401 without credentials) and leaves the KV
 * item, the history, the bus and the audit log as they were.
 */
type Caller = 'owner' | 'other' | 'approver' | 'service' | 'unauthenticated';

const CALLERS: Caller[] = [
  'owner',
  'other',
  'approver',
  'service',
  'unauthenticated',
];

function authorization(caller: Caller): string | undefined {
  switch (caller) {
    case 'owner':
      return as.user(PEOPLE.owner);
    case 'other':
      return as.user(PEOPLE.other);
    case 'approver':
      return as.user(PEOPLE.approver);
    case 'service':
      return as.service();
    default:
      return undefined;
  }
}

interface RouteCase {
  route: string;
  agent: string;
  allowed: Caller;
  /** The agent's lane item after the allowed call. */
  kvAfter: { lane: string; version: number };
  /** Makes what the route acts on (a pending request, a waiting run), as someone else; returns the path and body. */
  prepare(
    http: () => any,
    context: { running: RunningLocalAws; refresh(): Promise<void> },
  ): Promise<{ path: string; body: object }>;
}

const change = (from: string, to: string, expectedVersion: number) => ({
  from,
  to,
  expectedVersion,
  idempotencyKey: `matrix-${from}-${to}-${Math.random()
    .toString(36)
    .slice(2, 10)}`,
});

/** Has `who` (by default otherOwner, none of the callers) request critic's promotion to execute; the request id. */
async function pendingRequest(
  http: () => any,
  who: string = PEOPLE.otherOwner,
): Promise<string> {
  const res = await laneChange(
    http,
    'critic',
    'promotion',
    change('dry_run', 'execute', 2),
    who,
  );
  expect(res.status).toBe(202);
  return res.body.request.id;
}

/** A run of the critic waiting at the approval gate, known to the plugin (the refresh finds it). */
async function waitingRun(context: {
  running: RunningLocalAws;
  refresh(): Promise<void>;
}): Promise<string> {
  const world = context.running.world();
  const mesh = world.meshes.get(MESH.meshId)!;
  const run = world.startRun(mesh, undefined, {
    agent: 'critic',
    forceApproval: true,
  });
  // The clock stands still: move it past the plan and the review, to the gate.
  await world.advance(15 * 60_000);
  expect(world.approvals.waiting().map(a => a.executionName)).toContain(
    run.name,
  );
  await context.refresh();
  return run.name;
}

/**
 * Approve and reject of one kind of pending decision on the critic (a promotion request, a waiting run): only
 * the approver may decide. `subject` makes the thing to decide and answers its path.
 */
function decisionCases(
  kind: string,
  kvAfter: Record<'approve' | 'reject', RouteCase['kvAfter']>,
  subject: (...args: Parameters<RouteCase['prepare']>) => Promise<string>,
): RouteCase[] {
  return (['approve', 'reject'] as const).map(decision => ({
    route: `POST ${decision}${kind}`,
    agent: 'critic',
    allowed: 'approver',
    kvAfter: kvAfter[decision],
    prepare: async (http, context) => ({
      path: `${await subject(http, context)}/${decision}`,
      body: { reason: decision === 'approve' ? 'ok' : 'no' },
    }),
  }));
}

const ROUTES: RouteCase[] = [
  {
    route: 'POST promotion',
    agent: 'lambda-expert',
    allowed: 'owner',
    kvAfter: { lane: 'dry_run', version: 2 },
    prepare: async () => ({
      path: `${MESH.path}/agents/lambda-expert/promotion`,
      body: change('read_only', 'dry_run', 1),
    }),
  },
  {
    route: 'POST demotion',
    agent: 'conductor',
    allowed: 'owner',
    kvAfter: { lane: 'dry_run', version: 3 },
    prepare: async () => ({
      path: `${MESH.path}/agents/conductor/demotion`,
      body: change('execute', 'dry_run', 2),
    }),
  },
  ...decisionCases(
    '',
    {
      approve: { lane: 'execute', version: 3 },
      reject: { lane: 'dry_run', version: 2 },
    },
    async http =>
      `${MESH.path}/promotion-requests/${await pendingRequest(http)}`,
  ),
  ...decisionCases(
    ' waiting run',
    {
      approve: { lane: 'dry_run', version: 2 },
      reject: { lane: 'dry_run', version: 2 },
    },
    async (_http, context) =>
      `${MESH.path}/waiting-runs/${await waitingRun(context)}`,
  ),
];

describe('the permission matrix of the mutating routes', () => {
  let running: RunningLocalAws;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let stop: (() => Promise<void>) | undefined;

  jest.setTimeout(30_000);
  beforeAll(async () => {
    running = await startTestAws();
  }, 60_000);
  afterAll(() => running.close());
  beforeEach(() => running.reset());
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  /** The backend with gates any seeded agent passes, and a second person for execute in staging. */
  function start() {
    return startPromotionBackend({
      running,
      databases,
      checkAgainstSpec: true,
      promotion: {
        gates: {
          staging: {
            minSuccessfulRuns: 1,
            maxFailureRate: 1,
            requiredArtifacts: [],
          },
        },
        approvals: { secondPerson: { staging: ['execute'] } },
      },
    });
  }

  async function prepare(route: RouteCase) {
    const started = await start();
    stop = () => started.backend.stop();
    const { path, body } = await route.prepare(started.http, {
      running,
      refresh: () => started.trigger.refresh(),
    });
    const state = async () => ({
      kv: await kvItem(running, route.agent),
      history: await started.knex('agent_mesh_history').select(),
      requests: await started.knex('agent_mesh_promotion_requests').select(),
      waitingRuns: await started.knex('agent_mesh_waiting_runs').select(),
      bus: portalEvents(running),
      audit: JSON.parse(JSON.stringify(started.auditor.events)),
    });
    const send = (caller: Caller) => {
      const call = started.http().post(path).send(body);
      const header = authorization(caller);
      return header ? call.set('authorization', header) : call;
    };
    return { ...started, state, send };
  }

  describe.each(ROUTES.map(r => [r.route, r] as const))(
    '%s',
    (_name, route) => {
      it(`succeeds for the ${route.allowed}, with one history row, one bus event and a successful audit event`, async () => {
        const { state, send, auditor } = await prepare(route);
        const before = await state();
        const res = await send(route.allowed);
        expect([res.status, res.body.error]).toEqual([200, undefined]);
        const after = await state();
        expect(after.history).toHaveLength(before.history.length + 1);
        expect(after.bus).toHaveLength(before.bus.length + 1);
        expect(after.kv).toMatchObject(route.kvAfter);
        expect(auditor.events.at(-1)?.outcome).toBe('success');
      });

      it.each(CALLERS.filter(c => c !== route.allowed))(
        'denies %s and changes nothing',
        async caller => {
          const { state, send } = await prepare(route);
          const before = await state();
          const res = await send(caller);
          expect(res.status).toBe(caller === 'unauthenticated' ? 401 : 403);
          expect(await state()).toEqual(before);
        },
      );
    },
  );

  it('refuses self-approval even to an approver, and lets the requester withdraw without the permission', async () => {
    const { http, backend } = await start();
    stop = () => backend.stop();
    const ownRequest = await pendingRequest(http, PEOPLE.ownerApprover);
    const self = await decidePromotionRequest(
      http,
      ownRequest,
      'approve',
      PEOPLE.ownerApprover,
    );
    expect(self.status).toBe(403);
    expect(await kvItem(running, 'critic')).toMatchObject({
      lane: 'dry_run',
      version: 2,
    });
    const withdraw = await decidePromotionRequest(
      http,
      ownRequest,
      'reject',
      PEOPLE.ownerApprover,
      { reason: 'withdrawn' },
    );
    expect(withdraw.status).toBe(200);
  });
});
