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
  recordingAuditor,
  startPromotionBackend,
  startTestAws,
  testEntities,
} from '../../__testUtils__/promotionBackend';
import {
  EXPIRY_TASK_ID,
  OUTBOX_TASK_ID,
} from '../../promotion/createPromotion';
import { fingerprintOf } from '../../promotion/idempotency';
import { Lane } from '@agent-mesh/plugin-agent-mesh-common';

/**
 * The promotion routes through HTTP, against local-aws's demo world (the medium `billing-staging` mesh, env
 * staging): its KV table, bus and artifacts bucket are the real wire services the plugin writes and reads.
 * In the seeded world lambda-expert is read_only v1 with its evidence, critic dry_run v2 with evidence,
 * s3-expert dry_run v2 without, conductor execute v2.
 */
describe('the promotion routes', () => {
  let running: RunningLocalAws;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let started: Awaited<ReturnType<typeof startPromotionBackend>> | undefined;

  jest.setTimeout(30_000);
  beforeAll(async () => {
    running = await startTestAws();
  }, 60_000);
  afterAll(() => running.close());
  beforeEach(() => running.reset());
  afterEach(async () => {
    await started?.backend.stop();
    started = undefined;
  });

  async function start(
    options: Omit<
      Parameters<typeof startPromotionBackend>[0],
      'running' | 'databases'
    > = {},
  ) {
    started = await startPromotionBackend({
      running,
      databases,
      checkAgainstSpec: true,
      ...options,
    });
    return started;
  }

  const body = (extra: object = {}) => ({
    from: 'read_only',
    to: 'dry_run',
    expectedVersion: 1,
    idempotencyKey: `key-${Math.random().toString(36).slice(2, 12)}`,
    reason: 'evaluation passed',
    ...extra,
  });

  /** A lane change's body: `from` → `to` at `expectedVersion`, with a fresh idempotency key. */
  const move = (
    from: Lane,
    to: Lane,
    expectedVersion: number,
    extra: object = {},
  ) => body({ from, to, expectedVersion, ...extra });

  /** Promotion and demotion calls on the backend the test started, as the owner unless `who` is given. */
  const promote = (agent: string, sent: object, who?: string) =>
    laneChange(started!.http, agent, 'promotion', sent, who);
  const demote = (agent: string, sent: object, who?: string) =>
    laneChange(started!.http, agent, 'demotion', sent, who);

  /** A decision on a promotion request, on the backend the test started. */
  const approve = (id: string, who: string, sent?: object) =>
    decidePromotionRequest(started!.http, id, 'approve', who, sent);
  const reject = (id: string, who: string, sent?: object) =>
    decidePromotionRequest(started!.http, id, 'reject', who, sent);

  async function historyOf(http: () => any) {
    const res = await http()
      .get(`${MESH.path}/history?limit=100`)
      .set('authorization', as.user(PEOPLE.other));
    expect(res.status).toBe(200);
    return res.body.items as any[];
  }

  it('promotes one lane up: KV item, history, bus event, audit event and the lanes view agree at once', async () => {
    const { http, auditor } = await start();
    const res = await promote('lambda-expert', body());

    expect(res.status).toBe(200);
    // Applied at once: no request, the new lane and the history entry that records it.
    expect(res.body.request).toBeUndefined();
    expect(res.body).toMatchObject({
      outcome: 'applied',
      lane: { lane: 'dry_run', version: 2 },
      entry: {
        action: 'promoted',
        actor: PEOPLE.owner,
        agent: 'lambda-expert',
        fromLane: 'read_only',
        toLane: 'dry_run',
        version: 2,
        reason: 'evaluation passed',
      },
    });
    expect(await kvItem(running, 'lambda-expert')).toEqual({
      lane: 'dry_run',
      version: 2,
      updatedBy: PEOPLE.owner,
    });
    expect(await historyOf(http)).toEqual([res.body.entry]);
    expect(portalEvents(running)).toEqual([
      {
        detailType: 'agent-mesh.lane.promoted',
        detail: {
          meshId: MESH.meshId,
          agent: 'lambda-expert',
          from: 'read_only',
          to: 'dry_run',
          version: 2,
          actor: PEOPLE.owner,
          reason: 'evaluation passed',
        },
      },
    ]);
    expect(auditor.events).toEqual([
      {
        eventId: 'lane-promote',
        severityLevel: 'medium',
        meta: {
          actor: PEOPLE.owner,
          mesh: MESH.ref,
          agent: 'lambda-expert',
          from: 'read_only',
          to: 'dry_run',
        },
        outcome: 'success',
      },
    ]);
    // No refresh since: the lanes view shows the change from the history.
    const lanes = await http()
      .get(`${MESH.path}/lanes`)
      .set('authorization', as.user(PEOPLE.other));
    expect(
      lanes.body.items.find((i: any) => i.agent === 'lambda-expert'),
    ).toMatchObject({
      lane: 'dry_run',
      version: 2,
      updatedBy: PEOPLE.owner,
      promotableTo: 'execute',
      demotableTo: ['read_only'],
    });
  });

  it('refuses skipping a lane with a 400 naming the lanes, and changes nothing', async () => {
    const { http, auditor } = await start();
    const res = await promote('lambda-expert', body({ to: 'execute' }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'A promotion moves one lane up: from read_only only to dry_run; execute skips dry_run (lanes: read_only → dry_run → execute)',
    );
    expect(await kvItem(running, 'lambda-expert')).toMatchObject({
      lane: 'read_only',
      version: 1,
    });
    expect(await historyOf(http)).toEqual([]);
    expect(portalEvents(running)).toEqual([]);
    expect(auditor.events).toEqual([]);
  });

  it.each([
    [
      'an unknown lane',
      { to: 'production' },
      /^request\/body\/to must be equal to one of the allowed values: read_only, dry_run, execute/,
    ],
    [
      'a missing expectedVersion',
      { expectedVersion: undefined },
      /must have required property 'expectedVersion'/,
    ],
    [
      'a version of the wrong type',
      { expectedVersion: 'one' },
      /^request\/body\/expectedVersion must be integer/,
    ],
    [
      'a bad idempotency key',
      { idempotencyKey: 'x' },
      /^request\/body\/idempotencyKey must match pattern/,
    ],
    [
      'an unknown field',
      { force: true },
      /request\/body must NOT have additional properties/,
    ],
  ])('refuses %s with a 400 naming the field', async (_what, extra, field) => {
    await start();
    const res = await promote(
      'lambda-expert',
      JSON.parse(JSON.stringify(body(extra))),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(field);
    expect(await kvItem(running, 'lambda-expert')).toMatchObject({
      version: 1,
    });
    expect(portalEvents(running)).toEqual([]);
  });

  it('answers a stale version with 409 and the current lane, changing nothing but a failed audit event', async () => {
    const { http, auditor } = await start();
    const res = await promote('critic', move('dry_run', 'execute', 1));
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: {
        name: 'ConflictError',
        message: expect.stringContaining('dry_run at version 2'),
      },
      current: { lane: 'dry_run', version: 2 },
    });
    expect(await kvItem(running, 'critic')).toMatchObject({
      lane: 'dry_run',
      version: 2,
    });
    expect(await historyOf(http)).toEqual([]);
    expect(portalEvents(running)).toEqual([]);
    expect(auditor.events.map(e => [e.eventId, e.outcome])).toEqual([
      ['lane-promote', 'fail'],
    ]);
  });

  it('refuses a promotion whose gate fails with 422 and the report', async () => {
    const { auditor } = await start();
    const res = await promote('s3-expert', move('dry_run', 'execute', 2));
    expect(res.status).toBe(422);
    expect(res.body.error.name).toBe('GatesFailedError');
    expect(res.body.report).toMatchObject({
      agent: 's3-expert',
      from: 'dry_run',
      to: 'execute',
      environment: 'staging',
      passed: false,
    });
    expect(res.body.report.gates.find((g: any) => !g.passed)).toMatchObject({
      name: 'required_artifacts',
      missing: ['evaluation-report.json'],
    });
    expect(await kvItem(running, 's3-expert')).toMatchObject({ version: 2 });
    expect(portalEvents(running)).toEqual([]);
    expect(auditor.events).toEqual([]);
  });

  it('shows the gates before the click, 409 in the top lane and 404 for an unknown agent', async () => {
    const { http } = await start({ entities: testEntities('10') });
    const gates = await http()
      .get(`${MESH.path}/agents/lambda-expert/gates`)
      .set('authorization', as.user(PEOPLE.other));
    expect(gates.status).toBe(200);
    expect(gates.body).toMatchObject({
      agent: 'lambda-expert',
      from: 'read_only',
      to: 'dry_run',
      version: 1,
      environment: 'staging',
      requiresApproval: false,
      passed: false,
    });
    // The annotation's budget of 10 USD is below the forecast.
    expect(
      gates.body.gates.filter((g: any) => !g.passed).map((g: any) => g.name),
    ).toEqual(['cost_forecast']);
    const top = await http()
      .get(`${MESH.path}/agents/conductor/gates`)
      .set('authorization', as.user(PEOPLE.other));
    expect(top.status).toBe(409);
    const unknown = await http()
      .get(`${MESH.path}/agents/nobody/gates`)
      .set('authorization', as.user(PEOPLE.other));
    expect(unknown.status).toBe(404);
    const promoteUnknown = await promote('nobody', body());
    expect(promoteUnknown.status).toBe(404);
    expect(await kvItem(running, 'nobody')).toBeUndefined();
  });

  it('fails the request and writes nothing when the auditor fails', async () => {
    const auditor = recordingAuditor();
    const { http } = await start({ auditor });
    auditor.setFailing(true);
    const res = await promote('lambda-expert', body());
    expect(res.status).toBe(500);
    expect(await kvItem(running, 'lambda-expert')).toMatchObject({
      lane: 'read_only',
      version: 1,
    });
    expect(await historyOf(http)).toEqual([]);
    expect(portalEvents(running)).toEqual([]);
    // A 5xx is not kept: the same key succeeds once the auditor is back.
    auditor.setFailing(false);
    const retry = await promote('lambda-expert', {
      ...body(),
      idempotencyKey: 'key-auditor-down',
    });
    expect(retry.status).toBe(200);
  });

  it('answers a retried request with the first answer, once, and refuses the key for another body', async () => {
    const { http, knex } = await start();
    const first = body({ idempotencyKey: 'retry-key-1' });
    const send = (b: object) => promote('lambda-expert', b);
    const a = await send(first);
    const b = await send(first);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(await kvItem(running, 'lambda-expert')).toMatchObject({
      version: 2,
    });
    expect(await historyOf(http)).toHaveLength(1);
    expect(portalEvents(running)).toHaveLength(1);

    const other = await send({ ...first, reason: 'something else' });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toContain(
      "'retry-key-1' was already used",
    );

    // The same key by another person is another key (it then conflicts on the version).
    const byOther = await promote('lambda-expert', first, PEOPLE.otherOwner);
    expect(byOther.status).toBe(409);

    // A request still in progress with the key is a 409 that says so.
    await knex('agent_mesh_idempotency').insert({
      mesh_ref: MESH.ref,
      actor: PEOPLE.owner,
      key: 'in-flight-key',
      fingerprint: 'x',
      status: null,
      body: null,
      created_at: Date.now(),
    });
    await knex('agent_mesh_idempotency')
      .where({ key: 'in-flight-key' })
      .update({
        fingerprint: fingerprintOf([
          'promote',
          'lambda-expert',
          'dry_run',
          'execute',
          2,
          null,
        ]),
      });
    const inFlight = await send({
      from: 'dry_run',
      to: 'execute',
      expectedVersion: 2,
      idempotencyKey: 'in-flight-key',
    });
    expect(inFlight.status).toBe(409);
    expect(inFlight.body.error.message).toContain('still in progress');
    expect(inFlight.body.current).toEqual({ lane: 'dry_run', version: 2 });
  });

  it('demotes to any lower lane at once, ungated, rejecting the pending requests of the agent', async () => {
    const { http } = await start({
      // The test config's gates, and a second person for execute.
      promotion: { approvals: { secondPerson: { staging: ['execute'] } } },
    });
    const requested = await promote('critic', move('dry_run', 'execute', 2));
    expect(requested.status).toBe(202);

    const demoted = await demote(
      'critic',
      move('dry_run', 'read_only', 2, { reason: 'incident 42' }),
      PEOPLE.otherOwner,
    );
    expect(demoted.status).toBe(200);
    expect(demoted.body.lane).toEqual({ lane: 'read_only', version: 3 });
    expect(await kvItem(running, 'critic')).toMatchObject({
      lane: 'read_only',
      version: 3,
    });

    const history = await historyOf(http);
    expect(history.map(e => [e.action, e.actor])).toEqual([
      ['request_rejected', PEOPLE.otherOwner],
      ['demoted', PEOPLE.otherOwner],
      ['promotion_requested', PEOPLE.owner],
    ]);
    expect(portalEvents(running).map(e => e.detailType)).toEqual([
      'agent-mesh.promotion.requested',
      'agent-mesh.lane.demoted',
      'agent-mesh.promotion.rejected',
    ]);
    const requests = await http()
      .get(`${MESH.path}/promotion-requests?status=rejected`)
      .set('authorization', as.user(PEOPLE.other));
    expect(requests.body.items).toMatchObject([
      {
        id: requested.body.request.id,
        status: 'rejected',
        decisionReason: 'Demoted to read_only',
      },
    ]);

    // The top lane drops two lanes at once; a "demotion" upwards is refused.
    const conductor = await demote(
      'conductor',
      move('execute', 'read_only', 2),
    );
    expect(conductor.status).toBe(200);
    const upwards = await demote(
      'lambda-expert',
      move('read_only', 'dry_run', 1),
    );
    expect(upwards.status).toBe(400);
  });

  it('refuses with 403 a lane change through a second entity naming the mesh another entity owns, and writes nothing', async () => {
    // A copy of the mesh's System and agents under another name: same mesh id, account and region.
    const copyOf = (name: string) => name.replace('billing-staging', 'billing-copy');
    const copies = testEntities()
      .filter(
        e =>
          e.metadata.name === 'billing-staging' ||
          e.spec?.system === 'billing-staging',
      )
      .map(e => ({
        ...e,
        metadata: { ...e.metadata, name: copyOf(e.metadata.name) },
        spec: {
          ...e.spec,
          ...(e.spec?.system ? { system: 'billing-copy' } : {}),
        },
      }));
    const { http } = await start({ entities: [...testEntities(), ...copies] });
    const before = await kvItem(running, 'critic');

    const res = await http()
      .post('/api/agent-mesh/meshes/default/billing-copy/agents/critic/demotion')
      .set('authorization', as.user(PEOPLE.owner))
      .send(move('dry_run', 'read_only', before!.version));

    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Mesh billing-staging in account 222222222222 (us-east-1) belongs to catalog entity system:default/billing-staging (tag agent-mesh:entity); system:default/billing-copy names it too and is refused',
    );
    expect(await kvItem(running, 'critic')).toEqual(before);
    expect(portalEvents(running)).toEqual([]);
  });

  describe('with a second person for execute', () => {
    // The test config's gates; requests expire after two seconds.
    const promotion = {
      approvals: {
        secondPerson: { staging: ['execute'] },
        requestLifetime: { seconds: 2 },
      },
    };
    const request = (who = PEOPLE.ownerApprover) =>
      promote('critic', move('dry_run', 'execute', 2), who);

    it('waits for another approver: the requester cannot approve, the approver applies it once', async () => {
      const { http, auditor } = await start({ promotion });
      const res = await request();
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        outcome: 'pending_approval',
        lane: { lane: 'dry_run', version: 2 },
        entry: {
          action: 'promotion_requested',
          requestId: res.body.request.id,
        },
        request: {
          agent: 'critic',
          from: 'dry_run',
          to: 'execute',
          fromVersion: 2,
          status: 'pending',
          requestedBy: PEOPLE.ownerApprover,
        },
      });
      expect(await kvItem(running, 'critic')).toMatchObject({
        lane: 'dry_run',
        version: 2,
      });
      const id = res.body.request.id;
      const lanes = await http()
        .get(`${MESH.path}/lanes`)
        .set('authorization', as.user(PEOPLE.other));
      expect(
        lanes.body.items.find((i: any) => i.agent === 'critic').pendingRequest,
      ).toMatchObject({ id });

      const self = await approve(id, PEOPLE.ownerApprover, { reason: 'me' });
      expect(self.status).toBe(403);
      expect(self.body.error.message).toContain('never approve their own');

      const approved = await approve(id, PEOPLE.approver, {
        reason: 'looks good',
      });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        request: {
          id,
          status: 'approved',
          decidedBy: PEOPLE.approver,
          decisionReason: 'looks good',
        },
        lane: { lane: 'execute', version: 3 },
        entry: {
          action: 'request_approved',
          actor: PEOPLE.approver,
          version: 3,
          requestId: id,
        },
      });
      expect(await kvItem(running, 'critic')).toMatchObject({
        lane: 'execute',
        version: 3,
        updatedBy: PEOPLE.approver,
      });
      expect(portalEvents(running).map(e => e.detailType)).toEqual([
        'agent-mesh.promotion.requested',
        'agent-mesh.promotion.approved',
      ]);
      expect(auditor.events.map(e => [e.eventId, e.outcome])).toEqual([
        ['promotion-request', 'success'],
        ['promotion-request-approve', 'success'],
      ]);

      const again = await approve(id, PEOPLE.approver);
      expect(again.status).toBe(409);
      expect(again.body.current).toEqual({ lane: 'execute', version: 3 });
      // Asking again from the lane it left is a conflict: the agent is in execute now.
      const second = await request();
      expect(second.status).toBe(409);
      expect(second.body.current).toEqual({ lane: 'execute', version: 3 });
    });

    it('refuses an approval when the lane moved since the request (409), and a second pending request', async () => {
      await start({ promotion });
      const res = await request();
      const again = await request(PEOPLE.owner);
      expect(again.status).toBe(409);
      expect(again.body).toEqual({
        error: {
          name: 'ConflictError',
          message: expect.stringContaining(
            'already has a pending promotion request',
          ),
        },
        current: { lane: 'dry_run', version: 2 },
      });
      await demote('critic', move('dry_run', 'read_only', 2)).expect(200);
      const approved = await approve(res.body.request.id, PEOPLE.approver);
      expect(approved.status).toBe(409);
      expect(await kvItem(running, 'critic')).toMatchObject({
        lane: 'read_only',
        version: 3,
      });
    });

    it('lets the requester withdraw, and an approver reject with a reason; no one else', async () => {
      await start({ promotion });
      const res = await request(PEOPLE.owner);
      const id = res.body.request.id;
      const byOther = await reject(id, PEOPLE.otherOwner, { reason: 'no' });
      expect(byOther.status).toBe(403);
      const withdrawn = await reject(id, PEOPLE.owner, { reason: 'not yet' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({
        request: {
          status: 'rejected',
          decidedBy: PEOPLE.owner,
          decisionReason: 'not yet',
        },
        entry: { action: 'request_rejected', reason: 'not yet' },
      });
      const twice = await reject(id, PEOPLE.approver, { reason: 'late' });
      expect(twice.status).toBe(409);
      expect(await kvItem(running, 'critic')).toMatchObject({
        lane: 'dry_run',
        version: 2,
      });
    });

    it('expires a request past its lifetime: lazily on read, and by the scheduled task, by system', async () => {
      const { http, trigger } = await start({ promotion });
      const first = await request();
      await new Promise(r => setTimeout(r, 2100));
      const pending = await http()
        .get(`${MESH.path}/promotion-requests`)
        .set('authorization', as.user(PEOPLE.other));
      expect(pending.body.items).toEqual([]);
      const late = await approve(first.body.request.id, PEOPLE.approver);
      expect(late.status).toBe(409);
      expect(late.body.error.message).toContain('expired');

      const second = await request();
      expect(second.status).toBe(202);
      await new Promise(r => setTimeout(r, 2100));
      await trigger.trigger(EXPIRY_TASK_ID);
      const expired = await http()
        .get(`${MESH.path}/promotion-requests?status=expired`)
        .set('authorization', as.user(PEOPLE.other));
      expect(expired.body.items.map((r: any) => [r.id, r.decidedBy])).toEqual([
        [second.body.request.id, 'system'],
        [first.body.request.id, 'system'],
      ]);
      const history = await historyOf(http);
      expect(
        history.filter(e => e.action === 'request_expired').map(e => e.actor),
      ).toEqual(['system', 'system']);
      expect(
        portalEvents(running).filter(
          e => e.detailType === 'agent-mesh.promotion.expired',
        ),
      ).toHaveLength(2);
      expect(await kvItem(running, 'critic')).toMatchObject({
        lane: 'dry_run',
        version: 2,
      });
    });
  });

  it('keeps a bus event that could not be published in the outbox, and the retry task publishes it', async () => {
    const { trigger, knex } = await start();
    running.faults.add({ service: 'events', kind: 'throttle', count: 3 });
    const res = await promote('lambda-expert', body());
    expect(res.status).toBe(200);
    expect(portalEvents(running)).toEqual([]);
    expect(await knex('agent_mesh_outbox').count({ n: '*' })).toEqual([
      { n: 1 },
    ]);
    running.faults.clear();
    await trigger.trigger(OUTBOX_TASK_ID);
    expect(portalEvents(running).map(e => e.detailType)).toEqual([
      'agent-mesh.lane.promoted',
    ]);
    expect(await knex('agent_mesh_outbox').count({ n: '*' })).toEqual([
      { n: 0 },
    ]);
  });

  it('undoes the lane write when its transaction (history, outbox) cannot be written', async () => {
    const { http, knex, auditor } = await start();
    await knex.schema.renameTable(
      'agent_mesh_outbox',
      'agent_mesh_outbox_away',
    );
    const res = await promote('lambda-expert', body());
    expect(res.status).toBe(500);
    // Written (v2), then put back by a conditional write (v3): the agent runs read_only again.
    expect(await kvItem(running, 'lambda-expert')).toMatchObject({
      lane: 'read_only',
      version: 3,
    });
    expect(portalEvents(running)).toEqual([]);
    expect(auditor.events.map(e => e.outcome)).toEqual(['fail']);
    await knex.schema.renameTable(
      'agent_mesh_outbox_away',
      'agent_mesh_outbox',
    );
    // The history row rolled back with the outbox row.
    expect(await historyOf(http)).toEqual([]);
  });

  it('pages the history newest first', async () => {
    const { http } = await start();
    await promote('lambda-expert', body()).expect(200);
    await demote('lambda-expert', move('dry_run', 'read_only', 2)).expect(200);
    const page1 = await http()
      .get(`${MESH.path}/history?limit=1`)
      .set('authorization', as.user(PEOPLE.other));
    expect(page1.body.items.map((e: any) => e.action)).toEqual(['demoted']);
    const page2 = await http()
      .get(`${MESH.path}/history?limit=1&cursor=${page1.body.nextCursor}`)
      .set('authorization', as.user(PEOPLE.other));
    expect(page2.body).toEqual({
      items: [expect.objectContaining({ action: 'promoted' })],
    });
  });
});
