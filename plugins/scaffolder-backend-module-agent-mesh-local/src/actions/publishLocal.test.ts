import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPublishLocalAction } from './publishLocal';

/** The embedded AWS's control token in these tests (`localAws.controlToken`). */
const TOKEN = 'publish-local-test-token';

describe('agent-mesh:publish:local', () => {
  const workspace = createMockDirectory();
  const repos = createMockDirectory();
  const tokenDir = createMockDirectory();
  let server: http.Server;
  let received: { url?: string; body: string }[];
  let status: number;
  let meshesUrl: string;

  beforeAll(async () => {
    // Stands in for the embedded AWS's control route, which refuses a request without its token.
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        if (req.headers['x-agent-mesh-local-token'] !== TOKEN) {
          res.writeHead(401, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              error:
                'The control API needs the header x-agent-mesh-local-token',
            }),
          );
          return;
        }
        received.push({ url: req.url, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    meshesUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/_local/meshes`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  beforeEach(() => {
    received = [];
    status = 201;
    repos.clear();
    workspace.setContent({
      'mesh.config.json': JSON.stringify({
        meshId: 'team-dev',
        tier: 'small',
        environment: 'dev',
        awsAccountId: '123456789012',
        region: 'eu-west-1',
        agents: ['conductor', 'critic', 'sweeper', 'lambda-expert'],
        initialLane: 'read_only',
        monthlyBudgetUsd: 100,
      }),
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: team-dev\n  namespace: team-a\n---\nkind: Component\nmetadata:\n  name: team-dev-critic\n',
      'lib/mesh-app.ts': 'export {};\n',
      '.git/HEAD': 'ref: refs/heads/other\n',
    });
  });

  function context(input: Record<string, string>) {
    return createMockActionContext({
      workspacePath: workspace.path,
      input: input as any,
    });
  }
  const outputs = (ctx: ReturnType<typeof context>) =>
    Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );

  it('does nothing and says so when local publishing is disabled', async () => {
    const ctx = context({ repoName: 'team-dev' });
    await createPublishLocalAction({
      enabled: false,
      directory: repos.path,
    }).handler(ctx as any);
    expect(outputs(ctx)).toEqual({ published: false });
    expect(fs.readdirSync(repos.path)).toEqual([]);
  });

  it('writes a git repository, returns what catalog:register needs and creates the mesh in the local AWS', async () => {
    const ctx = context({ repoName: 'team-dev' });
    await createPublishLocalAction({
      enabled: true,
      directory: repos.path,
      localAwsMeshesUrl: meshesUrl,
      localAwsControlToken: TOKEN,
    }).handler(ctx as any);

    const dir = path.join(repos.path, 'team-dev');
    const out = outputs(ctx);
    expect(out).toMatchObject({
      published: true,
      remoteUrl: pathToFileURL(dir).href,
      repoContentsUrl: `${pathToFileURL(dir).href}/`,
      catalogInfoUrl: pathToFileURL(path.join(dir, 'catalog-info.yaml')).href,
      localAws: 'created',
    });
    // one commit on main with every workspace file, and not the workspace's own .git
    const [commit] = await git.log({ fs, dir });
    expect(out.commitHash).toBe(commit.oid);
    expect(commit.commit.message).toBe(
      'Create the small agent mesh team-dev\n',
    );
    expect(await git.currentBranch({ fs, dir })).toBe('main');
    expect((await git.listFiles({ fs, dir })).sort()).toEqual([
      'catalog-info.yaml',
      'lib/mesh-app.ts',
      'mesh.config.json',
    ]);
    expect(received).toHaveLength(1);
    expect(received[0].url).toBe('/_local/meshes');
    expect(JSON.parse(received[0].body)).toMatchObject({
      meshId: 'team-dev',
      tier: 'small',
      region: 'eu-west-1',
      account: '123456789012',
      agents: ['conductor', 'critic', 'sweeper', 'lambda-expert'],
      // The System it registers: the mesh's agent-mesh:entity tag in the emulator.
      entityRef: 'system:team-a/team-dev',
    });
  });

  it('reads the token the embedded AWS wrote to its token file when config sets none', async () => {
    tokenDir.setContent({ 'local-aws-token': `${TOKEN}\n` });
    const ctx = context({ repoName: 'team-dev' });
    await createPublishLocalAction({
      enabled: true,
      directory: repos.path,
      localAwsMeshesUrl: meshesUrl,
      localAwsControlTokenFile: path.join(tokenDir.path, 'local-aws-token'),
    }).handler(ctx as any);
    expect(outputs(ctx)).toMatchObject({ localAws: 'created' });
    expect(received).toHaveLength(1);
  });

  it('says why the mesh was not created without a token, or with a wrong one, and never logs the token', async () => {
    const noToken = context({ repoName: 'team-dev' });
    const warnNoToken = jest.spyOn(noToken.logger, 'warn');
    await createPublishLocalAction({
      enabled: true,
      directory: repos.path,
      localAwsMeshesUrl: meshesUrl,
      localAwsControlTokenFile: path.join(repos.path, 'missing-token-file'),
    }).handler(noToken as any);
    expect(outputs(noToken)).toMatchObject({
      published: true,
      localAws: 'unavailable',
    });
    expect(warnNoToken).toHaveBeenCalledWith(
      expect.stringContaining('No control token for the embedded AWS'),
    );

    const wrong = context({ repoName: 'team-dev-2' });
    const warnWrong = jest.spyOn(wrong.logger, 'warn');
    const info = jest.spyOn(wrong.logger, 'info');
    await createPublishLocalAction({
      enabled: true,
      directory: repos.path,
      localAwsMeshesUrl: meshesUrl,
      localAwsControlToken: 'not-the-token',
    }).handler(wrong as any);
    expect(outputs(wrong)).toMatchObject({ localAws: 'unavailable' });
    expect(warnWrong).toHaveBeenCalledWith(
      expect.stringContaining(
        `The embedded AWS answered 401 to POST ${meshesUrl}: The control API needs the header x-agent-mesh-local-token`,
      ),
    );
    const logged = JSON.stringify([
      ...warnWrong.mock.calls,
      ...info.mock.calls,
    ]);
    expect(logged).not.toContain('not-the-token');
    expect(received).toEqual([]);
  });

  it('publishes anyway, with a clear log line, when the local AWS has no control API', async () => {
    status = 404;
    const ctx = context({ repoName: 'team-dev' });
    const warn = jest.spyOn(ctx.logger, 'warn');
    await createPublishLocalAction({
      enabled: true,
      directory: repos.path,
      localAwsMeshesUrl: meshesUrl,
      localAwsControlToken: TOKEN,
    }).handler(ctx as any);
    expect(outputs(ctx)).toMatchObject({
      published: true,
      localAws: 'unavailable',
    });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `The embedded AWS answered 404 to POST ${meshesUrl}`,
      ),
    );
  });

  it('never overwrites a repository and never leaves its folder', async () => {
    const action = createPublishLocalAction({
      enabled: true,
      directory: repos.path,
    });
    await action.handler(context({ repoName: 'team-dev' }) as any);
    await expect(
      action.handler(context({ repoName: 'team-dev' }) as any),
    ).rejects.toThrow(/A repository named team-dev already exists/);
    await expect(
      action.handler(context({ repoName: '../escaped' }) as any),
    ).rejects.toThrow(/outside/);
    await expect(
      action.handler(context({ repoName: 'x', sourcePath: '../..' }) as any),
    ).rejects.toThrow(/outside/);
    expect(fs.readdirSync(repos.path)).toEqual(['team-dev']);
  });
});
