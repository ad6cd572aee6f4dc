import {
  AwsServiceError,
  RunningServer,
  startAwsJsonServer,
} from './awsJsonServer';

describe('startAwsJsonServer', () => {
  let running: RunningServer;

  beforeAll(async () => {
    running = await startAwsJsonServer({
      operations: {
        'Test_20250101.Echo': async input => ({ echoed: input }),
        'Test_20250101.Deny': async () => {
          throw new AwsServiceError('AccessDeniedException', 'not for you');
        },
      },
    });
  });

  afterAll(() => running.close());

  function call(target: string | undefined, body: string) {
    return fetch(running.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        ...(target ? { 'x-amz-target': target } : {}),
      },
      body,
    });
  }

  it('dispatches on X-Amz-Target and answers JSON', async () => {
    const response = await call('Test_20250101.Echo', '{"a":1}');
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ echoed: { a: 1 } });
  });

  it('answers an AWS error shape for service errors', async () => {
    const response = await call('Test_20250101.Deny', '{}');
    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toEqual({
      __type: 'AccessDeniedException',
      message: 'not for you',
    });
  });

  it('refuses unknown operations and requests without a target', async () => {
    const unknown = await call('Test_20250101.Nope', '{}');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).__type).toBe('UnknownOperationException');

    const untargeted = await call(undefined, '{}');
    expect((await untargeted.json()).__type).toBe('UnknownOperationException');
  });

  it('refuses a body that is not JSON', async () => {
    const response = await call('Test_20250101.Echo', '{oops');
    expect(response.status).toBe(400);
    expect((await response.json()).__type).toBe('SerializationException');
  });

  it('answers its health check', async () => {
    const response = await fetch(`${running.url}/health`);
    await expect(response.json()).resolves.toEqual({
      status: 'ok',
      operations: 2,
    });
  });
});
