import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG_FILE } from './__testUtils__/testAws';
import { localAwsModule } from './backendModule';

/** The control token the tests configure (`localAws.controlToken`). */
const TOKEN = 'backend-module-test-token';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * A backend with only the module, configured by `localAws` (enabled, the test catalog, no live runs, artifacts
 * on a free port rather than the default one, which a running app may hold).
 */
async function startWithLocalAws(
  localAws: Record<string, unknown>,
  logs?: string[],
) {
  const s3Port = await freePort();
  const keep = (message: string) => {
    logs?.push(message);
  };
  const logger = mockServices.logger.mock({
    info: keep,
    warn: keep,
    error: keep,
    debug: keep,
  });
  return startTestBackend({
    features: [
      localAwsModule,
      logger.factory,
      mockServices.rootConfig.factory({
        // The catalog file is given absolutely: its default is relative to the backend's working directory.
        data: {
          localAws: {
            enabled: true,
            catalogFile: CATALOG_FILE,
            liveRuns: false,
            s3Port,
            controlToken: TOKEN,
            ...localAws,
          },
        },
      }),
    ],
  });
}

describe('localAwsModule', () => {
  it('starts the embedded AWS when enabled and stops it at shutdown', async () => {
    const port = await freePort();
    const backend = await startWithLocalAws({ port, historyDays: 1 });

    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);

    await backend.stop();
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('serves the demo meshes of the configured catalog file, at the configured time', async () => {
    const port = await freePort();
    const backend = await startWithLocalAws({
      port,
      seed: 7,
      now: '2025-11-24T12:00:00Z',
      historyDays: 2,
    });
    try {
      const sfn = new SFNClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-west-2',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      const { stateMachines } = await sfn.send(
        new ListStateMachinesCommand({}),
      );
      expect(stateMachines?.map(s => s.stateMachineArn)).toEqual([
        'arn:aws:states:us-west-2:333333333333:stateMachine:agent-mesh-research-prod-orchestration',
        'arn:aws:states:us-west-2:333333333333:stateMachine:agent-mesh-research-prod-sweeper',
      ]);
      const clock = await (
        await fetch(`http://127.0.0.1:${port}/_local/clock`, {
          headers: { 'x-agent-mesh-local-token': TOKEN },
        })
      ).json();
      expect(clock).toEqual({ now: '2025-11-24T12:00:00.000Z', manual: true });
    } finally {
      await backend.stop();
    }
  });

  it('guards the control API with the configured token, and refuses without it', async () => {
    const port = await freePort();
    const backend = await startWithLocalAws({ port, historyDays: 1 });
    try {
      const clock = (token?: string) =>
        fetch(`http://127.0.0.1:${port}/_local/clock`, {
          headers: token ? { 'x-agent-mesh-local-token': token } : {},
        });
      expect((await clock()).status).toBe(401);
      expect((await clock(`${TOKEN}x`)).status).toBe(401);
      expect((await clock(TOKEN)).status).toBe(200);
    } finally {
      await backend.stop();
    }
  });

  it('writes a random token, new at every start, only to the token file (mode 0600), and removes it at shutdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-aws-token-'));
    const tokenFile = join(dir, 'nested', 'token');
    const port = await freePort();
    const logs: string[] = [];
    const backend = await startWithLocalAws(
      {
        port,
        historyDays: 1,
        controlToken: undefined,
        controlTokenFile: tokenFile,
      },
      logs,
    );
    try {
      const token = readFileSync(tokenFile, 'utf8');
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(token).not.toBe(TOKEN);
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const answer = await fetch(`http://127.0.0.1:${port}/_local/clock`, {
        headers: { 'x-agent-mesh-local-token': token },
      });
      expect(answer.status).toBe(200);
      expect(logs.join('\n')).toContain(tokenFile);
      expect(logs.join('\n')).not.toContain(token);
    } finally {
      await backend.stop();
    }
    expect(existsSync(tokenFile)).toBe(false);
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
