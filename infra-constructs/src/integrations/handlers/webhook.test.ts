import { createHmac } from 'node:crypto';

const send = jest.fn();
const secretStore = { value: 'vercel-secret', reads: 0 };
jest.mock(
  '@aws-sdk/client-secrets-manager',
  () => ({
    SecretsManagerClient: jest.fn(() => ({
      send: async () => {
        secretStore.reads += 1;
        return { SecretString: secretStore.value };
      },
    })),
    GetSecretValueCommand: jest.fn(),
  }),
  { virtual: true },
);
jest.mock(
  '@aws-sdk/client-eventbridge',
  () => ({
    EventBridgeClient: jest.fn(() => ({ send })),
    PutEventsCommand: jest.fn((input: unknown) => ({ input })),
  }),
  { virtual: true },
);
// The de-duplication table: PutItem honours attribute_not_exists, as DynamoDB does.
const table = new Map<string, Record<string, { S?: string; N?: string }>>();
const dynamoCalls: { command: string; input: any }[] = [];
jest.mock(
  '@aws-sdk/client-dynamodb',
  () => ({
    DynamoDBClient: jest.fn(() => ({
      send: async ({ command, input }: { command: string; input: any }) => {
        dynamoCalls.push({ command, input });
        const key = (input.Item ?? input.Key).eventKey.S;
        if (command === 'PutItem') {
          if (
            input.ConditionExpression === 'attribute_not_exists(eventKey)' &&
            table.has(key)
          ) {
            throw Object.assign(new Error('The conditional request failed'), {
              name: 'ConditionalCheckFailedException',
            });
          }
          table.set(key, input.Item);
        } else if (command === 'DeleteItem') {
          table.delete(key);
        }
        return {};
      },
    })),
    PutItemCommand: jest.fn((input: unknown) => ({
      command: 'PutItem',
      input,
    })),
    DeleteItemCommand: jest.fn((input: unknown) => ({
      command: 'DeleteItem',
      input,
    })),
  }),
  { virtual: true },
);

const NOW_MS = 1_760_000_000_000;
let nowMs = NOW_MS;
jest.spyOn(Date, 'now').mockImplementation(() => nowMs);

function loadHandler(provider: string) {
  process.env.AGENT_MESH_PROVIDER = provider;
  process.env.AGENT_MESH_EVENT_BUS = 'agent-mesh-demo';
  process.env.AGENT_MESH_WEBHOOK_EVENTS_TABLE =
    'agent-mesh-demo-webhook-events';
  let handler: (
    event: unknown,
  ) => Promise<{ statusCode: number; body: string }>;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require('./webhook').handler;
  });
  return handler!;
}

beforeEach(() => {
  send.mockReset().mockResolvedValue({ FailedEntryCount: 0 });
  table.clear();
  dynamoCalls.length = 0;
  nowMs = NOW_MS;
});

describe('the webhook handler', () => {
  const handler = loadHandler('vercel');
  // Vercel's body carries the event's creation time in epoch milliseconds.
  const body = JSON.stringify({
    id: 'evt_vercel_1',
    type: 'deployment.succeeded',
    createdAt: NOW_MS - 2000,
    payload: { id: 'dpl_1' },
  });
  const signed = (payload = body, key = secretStore.value) => ({
    headers: {
      'X-Vercel-Signature': createHmac('sha1', key)
        .update(payload)
        .digest('hex'),
    },
    body: payload,
  });

  it('puts a correctly signed event on the mesh bus', async () => {
    const signature = createHmac('sha1', 'vercel-secret')
      .update(body)
      .digest('hex');
    const response = await handler({
      headers: { 'X-Vercel-Signature': signature },
      body,
    });
    expect(response.statusCode).toBe(202);
    const entry = send.mock.calls[0][0].input.Entries[0];
    expect(entry).toMatchObject({
      EventBusName: 'agent-mesh-demo',
      Source: 'agent-mesh.integrations.vercel',
    });
    expect(JSON.parse(entry.Detail)).toMatchObject({
      eventType: 'deployment.succeeded',
    });
  });

  it('answers 401 and puts nothing on the bus when the signature is wrong', async () => {
    const response = await handler({
      headers: { 'x-vercel-signature': 'deadbeef' },
      body,
      isBase64Encoded: false,
    });
    expect(response.statusCode).toBe(401);
    expect(send).not.toHaveBeenCalled();
    expect(dynamoCalls).toEqual([]);
  });

  it('forwards a replayed delivery only once: the event id is claimed with a conditional write that expires', async () => {
    // GIVEN a delivery accepted once
    expect((await handler(signed())).statusCode).toBe(202);
    // WHEN the same signed request comes again (Vercel signs no timestamp, so the signature alone cannot tell)
    const replay = await handler(signed());
    // THEN it is acknowledged as a duplicate and the bus got the event once
    expect(replay).toEqual({ statusCode: 200, body: 'duplicate' });
    expect(send).toHaveBeenCalledTimes(1);
    expect(dynamoCalls[0]).toEqual({
      command: 'PutItem',
      input: {
        TableName: 'agent-mesh-demo-webhook-events',
        Item: {
          eventKey: { S: 'vercel#id#evt_vercel_1' },
          receivedAt: { N: String(NOW_MS / 1000) },
          expiresAt: { N: String(NOW_MS / 1000 + 7 * 24 * 3600) },
        },
        ConditionExpression: 'attribute_not_exists(eventKey)',
      },
    });
  });

  it('refuses an authentic event older than the replay window, once its key has left the de-duplication table', async () => {
    // GIVEN an event accepted now, its key kept for the 7-day replay window (a handler of its own: the clock
    // jumps ahead here, and the secret it caches must not leak into the other tests)
    const fresh = loadHandler('vercel');
    const event = (id: string, createdAt: number) =>
      signed(JSON.stringify({ id, type: 'deployment.succeeded', createdAt }));
    expect((await fresh(event('evt_old', NOW_MS))).statusCode).toBe(202);
    // WHEN the same signed request is replayed after the window, its key expired (DynamoDB TTL removed it)
    nowMs = NOW_MS + 7 * 24 * 3600 * 1000 + 1000;
    table.clear();
    dynamoCalls.length = 0;
    const replay = await fresh(event('evt_old', NOW_MS));
    // THEN its own age refuses it: nothing is claimed and nothing reaches the bus again
    expect(replay).toEqual({ statusCode: 401, body: 'stale event' });
    expect(dynamoCalls).toEqual([]);
    expect(send).toHaveBeenCalledTimes(1);
    // AND a fresh event at that time is accepted
    expect((await fresh(event('evt_new', nowMs - 1000))).statusCode).toBe(202);
  });

  it('accepts an event dated a little ahead (clock skew) and refuses one further in the future or without createdAt', async () => {
    const event = (id: string, createdAt?: number) =>
      signed(JSON.stringify({ id, type: 'deployment.succeeded', createdAt }));
    expect(
      (await handler(event('evt_skew', NOW_MS + 299_000))).statusCode,
    ).toBe(202);
    expect(await handler(event('evt_future', NOW_MS + 301_000))).toEqual({
      statusCode: 401,
      body: 'stale event',
    });
    expect(await handler(event('evt_undated'))).toEqual({
      statusCode: 401,
      body: 'stale event',
    });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('releases the claim when the bus refuses the event, so the provider retry gets through', async () => {
    send.mockResolvedValueOnce({ FailedEntryCount: 1, Entries: [{}] });
    expect((await handler(signed())).statusCode).toBe(502);
    expect(table.size).toBe(0);
    expect((await handler(signed())).statusCode).toBe(202);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('re-reads a rolled secret once on a signature mismatch, and again when its cache expires', async () => {
    // GIVEN the secret read (and cached) a minute ago
    expect((await handler(signed())).statusCode).toBe(202);
    const reads = secretStore.reads;
    nowMs += 60_000;
    // WHEN the provider rolls the secret and signs with the new one
    secretStore.value = 'rolled-secret';
    const response = await handler(
      signed(JSON.stringify({ id: 'evt_2', type: 't', createdAt: NOW_MS })),
    );
    // THEN the mismatch made the handler read the secret once more, and the request passed
    expect(response.statusCode).toBe(202);
    expect(secretStore.reads).toBe(reads + 1);
    // AND a forged request costs at most one read per interval, not one per request
    await handler({ headers: { 'x-vercel-signature': 'deadbeef' }, body });
    await handler({ headers: { 'x-vercel-signature': 'deadbeef' }, body });
    expect(secretStore.reads).toBe(reads + 1);
    // AND after the cache's TTL (5 minutes) the secret is read again without any mismatch
    nowMs += 301_000;
    expect(
      (
        await handler(
          signed(JSON.stringify({ id: 'evt_3', type: 't', createdAt: NOW_MS })),
        )
      ).statusCode,
    ).toBe(202);
    expect(secretStore.reads).toBe(reads + 2);
    secretStore.value = 'vercel-secret';
  });
});

describe('the webhook handler for Supabase database webhooks', () => {
  const handler = loadHandler('supabase');
  const body = JSON.stringify({
    type: 'INSERT',
    table: 'orders',
    schema: 'public',
    record: { id: 1 },
    old_record: null,
  });

  it('accepts the configured bearer secret, drops a replay of the same body, and refuses another secret', async () => {
    secretStore.value = 'supabase-db-secret';
    const request = {
      headers: { Authorization: 'Bearer supabase-db-secret' },
      body,
    };
    expect((await handler(request)).statusCode).toBe(202);
    expect(
      JSON.parse(send.mock.calls[0][0].input.Entries[0].Detail),
    ).toMatchObject({
      eventType: 'INSERT',
    });
    expect((await handler(request)).statusCode).toBe(200);
    expect(dynamoCalls[0].input.Item.eventKey.S).toMatch(
      /^supabase#sha256#[0-9a-f]{64}$/,
    );
    expect(
      (await handler({ headers: { Authorization: 'Bearer guess' }, body }))
        .statusCode,
    ).toBe(401);
    expect(send).toHaveBeenCalledTimes(1);
    secretStore.value = 'vercel-secret';
  });
});

describe('the webhook handler for Stripe', () => {
  const handler = loadHandler('stripe');
  const secret = 'whsec_stripe';
  const body = JSON.stringify({ id: 'evt_stripe_1', type: 'invoice.paid' });
  const signed = (t: number) => ({
    headers: {
      'Stripe-Signature': `t=${t},v1=${createHmac('sha256', secret)
        .update(`${t}.${body}`)
        .digest('hex')}`,
    },
    body,
  });

  it('refuses a signature whose timestamp is outside the tolerance and de-duplicates on the event id', async () => {
    secretStore.value = secret;
    const now = NOW_MS / 1000;
    expect((await handler(signed(now - 301))).statusCode).toBe(401);
    // a signature dated further ahead than the tolerance is refused too
    expect((await handler(signed(now + 301))).statusCode).toBe(401);
    // a signed request replayed after the replay window is refused by its signed timestamp alone
    nowMs = NOW_MS + 7 * 24 * 3600 * 1000 + 1000;
    expect((await loadHandler('stripe')(signed(now))).statusCode).toBe(401);
    nowMs = NOW_MS;
    expect((await handler(signed(now))).statusCode).toBe(202);
    // a fresh signature over the same event (a replay re-signed, or Stripe's retry) is not forwarded again
    expect((await handler(signed(now + 1))).statusCode).toBe(200);
    expect([...table.keys()]).toEqual(['stripe#id#evt_stripe_1']);
    expect(send).toHaveBeenCalledTimes(1);
    secretStore.value = 'vercel-secret';
  });
});
