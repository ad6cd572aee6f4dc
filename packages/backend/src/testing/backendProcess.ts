import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const BACKEND_DIR = resolvePackagePath('backend');
const REPO_ROOT = resolve(BACKEND_DIR, '../..');

/** A real backend process started from this package's source, as `yarn start` would, without the file watcher. */
export interface BackendProcess {
  baseUrl: string;
  /** The embedded AWS's URL (when config enables it) and its control token, for `/_local/` calls. */
  localAws: { url: string; s3Url: string; controlToken: string };
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise(done => server.close(done));
  return port;
}

/**
 * Starts the backend with the repository's config files plus an overlay (written to a temp file), on free ports
 * so it never collides with a running dev server.
 */
export async function startBackendProcess(options: {
  configFiles: string[];
  overlay?: object;
  env?: Record<string, string>;
  /** Points the plugin's AWS endpoints at the embedded default on its free ports, as app-config.yaml does on 4599. */
  embeddedAws?: boolean;
}): Promise<BackendProcess> {
  const port = await freePort();
  const awsPort = await freePort();
  const s3Port = await freePort();
  const aws = `http://127.0.0.1:${awsPort}`;
  // A known token for this process's control API, in the overlay rather than the repository's token file.
  const controlToken = randomBytes(32).toString('base64url');
  const overlayDir = mkdtempSync(join(tmpdir(), 'agent-mesh-backend-'));
  // Two files so Backstage merges them key by key: the ports first, then the test's own overlay.
  const overlays = [
    {
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: `127.0.0.1:${port}`,
      },
      localAws: {
        port: awsPort,
        s3Port,
        controlToken,
        controlTokenFile: join(overlayDir, 'local-aws-token'),
      },
      ...(options.embeddedAws
        ? {
            agentMesh: {
              aws: {
                endpoints: {
                  stepFunctions: aws,
                  cloudWatch: aws,
                  costExplorer: aws,
                  dynamoDb: aws,
                  eventBridge: aws,
                  s3: `http://127.0.0.1:${s3Port}`,
                },
              },
            },
          }
        : {}),
    },
    options.overlay ?? {},
  ].map((overlay, index) => {
    const file = join(overlayDir, `overlay-${index}.json`);
    writeFileSync(file, JSON.stringify(overlay));
    return file;
  });
  const configArgs = [
    ...options.configFiles.map(file => join(REPO_ROOT, file)),
    ...overlays,
  ].flatMap(file => ['--config', file]);
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      ...configArgs,
    ],
    {
      cwd: BACKEND_DIR,
      env: { ...process.env, NODE_ENV: 'development', ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const exited = new Promise<number | null>(done =>
    child.on('exit', code => done(code)),
  );
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    localAws: { url: aws, s3Url: `http://127.0.0.1:${s3Port}`, controlToken },
    output: () => output,
    exited,
    stop: () => stopProcessGroup(child, exited),
  };
}

async function stopProcessGroup(child: ChildProcess, exited: Promise<unknown>) {
  if (child.exitCode !== null || child.pid === undefined) {
    return;
  }
  process.kill(-child.pid, 'SIGTERM');
  const timeout = setTimeout(
    () => process.kill(-child.pid!, 'SIGKILL'),
    10_000,
  );
  await exited;
  clearTimeout(timeout);
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
export async function waitForOk(
  backend: BackendProcess,
  path: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  backend.exited.then(code => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `The backend exited with ${exitCode}:\n${backend.output()}`,
      );
    }
    try {
      if ((await fetch(`${backend.baseUrl}${path}`)).ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise(done => setTimeout(done, 250));
  }
  throw new Error(
    `The backend did not answer ${path} in ${timeoutMs} ms:\n${backend.output()}`,
  );
}

/** True when something accepts TCP connections on each port of 127.0.0.1. Synchronous so it can pick describe or skip. */
export function portsAreOpen(ports: number[]): boolean {
  const script = `
    const net = require('node:net');
    Promise.all(${JSON.stringify(ports)}.map(port => new Promise((ok, fail) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); ok(); });
      socket.on('error', fail);
      socket.setTimeout(2000, () => fail(new Error('timeout')));
    }))).then(() => process.exit(0), () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', script]).status === 0;
}
