import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { request } from 'node:http';
import {
  clientsFor,
  controlFetch,
  startTestAws,
} from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';
import { MAX_MESHES } from './controlInput';

const TOKEN = 'control-api-test-token-0123456789';
const HEADER = 'x-agent-mesh-local-token';

/** A raw request, so the test sets headers a fetch would not (a body larger than its limit, any Origin). */
function raw(
  running: RunningLocalAws,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  const url = new URL(`${running.url}/_local${options.path}`);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method, headers: options.headers },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the control API guard', () => {
  let running: RunningLocalAws;

  beforeAll(async () => {
    running = await startTestAws({
      historyDays: 1,
      controlToken: TOKEN,
      controlAllowedOrigins: ['http://localhost:3000'],
    });
  });
  afterAll(() => running.close());

  const meshIds = () => [...running.world().meshes.keys()].sort();

  it('refuses a request without the token, or with a wrong one, naming the header and never the token', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { [HEADER]: 'wrong' },
      { [HEADER]: `${TOKEN}x` },
      { [HEADER]: TOKEN.slice(0, -1) },
    ];
    for (const headers of attempts) {
      const answer = await raw(running, {
        method: 'POST',
        path: '/reset',
        headers,
        body: '{}',
      });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toContain(HEADER);
      expect(JSON.stringify(answer)).not.toContain(TOKEN);
    }
    const get = await raw(running, { method: 'GET', path: '/meshes' });
    expect(get.status).toBe(401);
    expect(
      (
        await raw(running, {
          method: 'GET',
          path: '/clock',
          headers: { [HEADER]: TOKEN },
        })
      ).status,
    ).toBe(200);
  });

  it('refuses any request with an Origin it does not allow, whatever its token, and every CORS preflight', async () => {
    const before = meshIds();
    const fromPage = await raw(running, {
      method: 'POST',
      path: '/meshes',
      headers: {
        [HEADER]: TOKEN,
        origin: 'https://evil.example',
        'content-type': 'text/plain',
      },
      body: JSON.stringify({ meshId: 'evil-dev', tier: 'small' }),
    });
    expect(fromPage.status).toBe(403);
    expect(fromPage.headers['access-control-allow-origin']).toBeUndefined();
    expect(meshIds()).toEqual(before);

    const preflight = await raw(running, {
      method: 'OPTIONS',
      path: '/reset',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': HEADER,
      },
    });
    expect(preflight.status).toBe(403);
    for (const header of Object.keys(preflight.headers)) {
      expect(header).not.toMatch(/^access-control-/);
    }
    const bare = await raw(running, { method: 'OPTIONS', path: '/reset' });
    expect(bare.status).toBe(403);

    // `null` (a sandboxed frame, a file: page) is an Origin like any other.
    const nullOrigin = await raw(running, {
      method: 'GET',
      path: '/clock',
      headers: { [HEADER]: TOKEN, origin: 'null' },
    });
    expect(nullOrigin.status).toBe(403);
  });

  it('lets an allowed origin through to the token check, with CORS headers for it only', async () => {
    const origin = 'http://localhost:3000';
    const preflight = await raw(running, {
      method: 'OPTIONS',
      path: '/clock',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-headers']).toContain(HEADER);
    const noToken = await raw(running, {
      method: 'GET',
      path: '/clock',
      headers: { origin },
    });
    expect(noToken.status).toBe(401);
    const clock = await raw(running, {
      method: 'GET',
      path: '/clock',
      headers: { origin, [HEADER]: TOKEN },
    });
    expect(clock.status).toBe(200);
    expect(clock.headers['access-control-allow-origin']).toBe(origin);
  });

  it('answers 413 to a body over 64 KiB, declared or sent, and changes nothing', async () => {
    const before = meshIds();
    const big = JSON.stringify({
      meshId: 'big-dev',
      tier: 'small',
      padding: 'x'.repeat(70 * 1024),
    });
    const declared = await raw(running, {
      method: 'POST',
      path: '/meshes',
      headers: { [HEADER]: TOKEN, 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatch(/larger than 65536 bytes/);
    const chunked = await raw(running, {
      method: 'POST',
      path: '/meshes',
      headers: { [HEADER]: TOKEN, 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
    expect(meshIds()).toEqual(before);
    // The server still answers afterwards.
    expect((await controlFetch(running, 'GET', '/clock')).status).toBe(200);
  });

  it('leaves the AWS API routes as they were: no token needed', async () => {
    const { stateMachines } = await clientsFor(running, 'us-east-1').sfn.send(
      new ListStateMachinesCommand({}),
    );
    expect(stateMachines!.length).toBeGreaterThan(0);
  });
});

describe('POST /_local/meshes bounds', () => {
  let running: RunningLocalAws;

  beforeAll(async () => {
    running = await startTestAws({ historyDays: 1 });
  });
  afterAll(() => running.close());

  const state = () => ({
    meshes: [...running.world().meshes.keys()].sort(),
    machines: running.world().store.all().length,
    tables: running.world().tables.list('eu-west-1').length,
    alarms: running.world().alarms.list('eu-west-1', 0).length,
  });
  const post = (body: unknown) =>
    controlFetch(running, 'POST', '/meshes', body);

  const good = {
    meshId: 'team-dev',
    tier: 'small',
    region: 'eu-west-1',
    account: '123456789012',
    agents: ['conductor', 'critic', 'sweeper', 'lambda-expert'],
    entityRef: 'system:default/team-dev',
    historyDays: 0,
  };

  it.each([
    ['meshId', { meshId: 'Team_Dev' }, /^meshId must be 3 to 32 lowercase/],
    ['meshId', { meshId: 'a'.repeat(33) }, /^meshId must be/],
    ['meshId', { meshId: 42 }, /^meshId must be/],
    ['tier', { tier: 'huge' }, /^tier must be one of small, medium, large/],
    [
      'region',
      { region: 'moon-1' },
      /^region must be an AWS region such as us-east-1/,
    ],
    [
      'account',
      { account: '12345' },
      /^account must be a 12-digit AWS account id/,
    ],
    ['account', { account: 123456789012 }, /^account must be a 12-digit/],
    ['agents', { agents: 'conductor' }, /^agents must be a list of 1 to 64/],
    ['agents', { agents: [] }, /^agents must be a list of 1 to 64/],
    [
      'agents',
      { agents: Array.from({ length: 65 }, (_, i) => `agent-${i}`) },
      /^agents must be a list of 1 to 64/,
    ],
    [
      'agents',
      { agents: ['conductor', '../x'] },
      /^agents\[1\] must be 2 to 24/,
    ],
    [
      'agents',
      { agents: ['conductor', 'conductor'] },
      /^agents must not repeat/,
    ],
    [
      'agentCount',
      { agents: undefined, agentCount: 65 },
      /^agentCount must be an integer from 3 to 64/,
    ],
    [
      'agentCount',
      { agents: undefined, agentCount: 3.5 },
      /^agentCount must be an integer/,
    ],
    [
      'entityRef',
      { entityRef: 'component:default/x' },
      /^entityRef must be the catalog ref of the mesh System/,
    ],
    [
      'runsPerDay',
      { runsPerDay: 1e9 },
      /^runsPerDay must be a number above 0 to 100000/,
    ],
    ['runsPerDay', { runsPerDay: '100' }, /^runsPerDay must be a number/],
    [
      'historyDays',
      { historyDays: 365 },
      /^historyDays must be an integer from 0 to 31/,
    ],
    [
      'runsPerHour',
      { runsPerHour: -1 },
      /^runsPerHour must be a number from 0 to 5000/,
    ],
    [
      'environment',
      { environment: 'x'.repeat(40) },
      /^environment must be up to 32/,
    ],
  ])(
    'refuses a bad %s with 400 naming it, and changes nothing',
    async (_field, change, message) => {
      const before = state();
      const answer = await post({ ...good, ...change });
      expect(answer.status).toBe(400);
      expect((await answer.json()).error).toMatch(message);
      expect(state()).toEqual(before);
    },
  );

  it('refuses a body that is not a JSON object', async () => {
    for (const body of ['[1,2]', '"mesh"', 'not json']) {
      const answer = await fetch(`${running.url}/_local/meshes`, {
        method: 'POST',
        headers: { 'x-agent-mesh-local-token': running.controlToken },
        body,
      });
      expect(answer.status).toBe(400);
    }
  });

  it('adds a good mesh (201) once, and answers 409 to the same id again', async () => {
    const created = await post(good);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      meshId: 'team-dev',
      tier: 'small',
      region: 'eu-west-1',
      account: '123456789012',
      agents: ['conductor', 'critic', 'sweeper', 'lambda-expert'],
      entityRef: 'system:default/team-dev',
    });
    const before = state();
    const again = await post(good);
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe('Mesh team-dev already exists');
    expect(state()).toEqual(before);
  });

  it(`holds at most ${MAX_MESHES} meshes`, async () => {
    const world = running.world();
    const real = world.meshes;
    // The limit is checked before anything is built: a map of that size stands in for a full world.
    const full = new Map(real);
    for (let i = 0; full.size < MAX_MESHES; i++)
      full.set(`filler-${i}`, real.values().next().value!);
    Object.defineProperty(world, 'meshes', { value: full, configurable: true });
    try {
      const answer = await post({ ...good, meshId: 'one-too-many' });
      expect(answer.status).toBe(409);
      expect((await answer.json()).error).toMatch(/at most 500 meshes/);
      expect(full.has('one-too-many')).toBe(false);
    } finally {
      Object.defineProperty(world, 'meshes', {
        value: real,
        configurable: true,
      });
    }
  });
});

describe('the other mutating routes check their input', () => {
  let running: RunningLocalAws;

  beforeAll(async () => {
    running = await startTestAws({ historyDays: 1 });
  });
  afterAll(() => running.close());

  const error = async (method: string, path: string, body?: unknown) => {
    const answer = await controlFetch(running, method, path, body);
    return { status: answer.status, error: (await answer.json()).error };
  };

  it('faults', async () => {
    expect(
      await error('POST', '/faults', { service: 's3', kind: 'deny' }),
    ).toEqual({
      status: 400,
      error: expect.stringMatching(/^service must be one of/),
    });
    expect(
      await error('POST', '/faults', {
        service: 'states',
        kind: 'delay',
        delayMs: 3_600_000,
      }),
    ).toEqual({
      status: 400,
      error: 'delayMs must be a number from 0 to 60000',
    });
    expect(
      await error('POST', '/faults', {
        service: 'states',
        kind: 'deny',
        operation: 'x'.repeat(100),
      }),
    ).toEqual({
      status: 400,
      error: 'operation must be an operation name such as ListExecutions',
    });
    expect(
      await error('POST', '/faults', {
        service: 'states',
        kind: 'deny',
        extra: 1,
      }),
    ).toEqual({
      status: 400,
      error: expect.stringMatching(
        /^POST \/_local\/faults takes service, kind, operation, delayMs, count; unknown: extra/,
      ),
    });
    expect(await error('DELETE', '/faults?service=nope')).toMatchObject({
      status: 400,
    });
    expect(running.faults.list()).toEqual([]);
    for (let i = 0; i < 100; i++)
      running.faults.add({
        service: 'states',
        kind: 'deny',
        operation: 'Nothing',
      });
    expect(
      await error('POST', '/faults', { service: 'states', kind: 'deny' }),
    ).toEqual({
      status: 409,
      error: expect.stringMatching(/^At most 100 faults/),
    });
    running.faults.clear();
  });

  it('clock/advance, reset and tick', async () => {
    const now = running.world().clock.now();
    expect(await error('POST', '/clock/advance', { ms: -1 })).toEqual({
      status: 400,
      error: 'ms must be an integer from 0 to 2678400000',
    });
    expect(await error('POST', '/clock/advance', { ms: 'soon' })).toMatchObject(
      { status: 400 },
    );
    expect(
      await error('POST', '/clock/advance', { ms: 32 * 86_400_000 }),
    ).toMatchObject({
      status: 400,
    });
    expect(running.world().clock.now()).toBe(now);

    const world = running.world();
    expect(await error('POST', '/reset', { seed: 'x'.repeat(200) })).toEqual({
      status: 400,
      error: 'seed must be a string of 1 to 128 characters or an integer',
    });
    expect(await error('POST', '/reset', { now: 'yesterday' })).toEqual({
      status: 400,
      error: 'now must be an ISO 8601 time such as 2025-11-24T12:00:00Z',
    });
    expect(
      await error('POST', '/reset', { seed: 'a', meshes: [] }),
    ).toMatchObject({
      status: 400,
      error: expect.stringContaining('unknown: meshes'),
    });
    expect(running.world()).toBe(world);

    expect(await error('POST', '/tick', { ms: 5 })).toEqual({
      status: 400,
      error: 'POST /_local/tick takes no fields; unknown: ms',
    });
    expect(await error('GET', '/events?limit=1000000')).toEqual({
      status: 400,
      error: 'limit must be an integer from 1 to 10000',
    });

    // Good input still works.
    expect(
      (await controlFetch(running, 'POST', '/clock/advance', { ms: 60_000 }))
        .status,
    ).toBe(200);
    expect((await controlFetch(running, 'POST', '/tick')).status).toBe(200);
    expect(
      (
        await controlFetch(running, 'POST', '/reset', {
          seed: 'again',
          now: '2025-11-24T12:00:00Z',
        })
      ).status,
    ).toBe(200);
  });
});
