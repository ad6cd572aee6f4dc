import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServer } from 'node:net';
import { localAwsModule } from './backendModule';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('localAwsModule', () => {
  it('starts the embedded AWS when enabled and stops it at shutdown', async () => {
    const port = await freePort();
    const backend = await startTestBackend({
      features: [
        localAwsModule,
        mockServices.rootConfig.factory({
          data: { localAws: { enabled: true, port } },
        }),
      ],
    });

    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);

    await backend.stop();
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('stays off unless enabled', async () => {
    const port = await freePort();
    const backend = await startTestBackend({
      features: [localAwsModule, mockServices.rootConfig.factory({ data: {} })],
    });

    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    await backend.stop();
  });
});
