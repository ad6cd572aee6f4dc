import { createHmac } from 'node:crypto';

const send = jest.fn();
jest.mock(
  '@aws-sdk/client-secrets-manager',
  () => ({
    SecretsManagerClient: jest.fn(() => ({
      send: async () => ({ SecretString: 'vercel-secret' }),
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

describe('the webhook handler', () => {
  process.env.AGENT_MESH_PROVIDER = 'vercel';
  process.env.AGENT_MESH_EVENT_BUS = 'agent-mesh-demo';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require('./webhook');
  const body = JSON.stringify({
    type: 'deployment.succeeded',
    payload: { id: 'dpl_1' },
  });

  beforeEach(() => send.mockReset().mockResolvedValue({ FailedEntryCount: 0 }));

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
  });
});
