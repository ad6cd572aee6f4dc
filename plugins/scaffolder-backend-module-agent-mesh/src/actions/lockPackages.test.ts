import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createLockPackagesAction } from './lockPackages';

jest.setTimeout(120_000);

describe('agent-mesh:packages:lock', () => {
  const workspace = createMockDirectory();
  const source = createMockDirectory();
  let tarball: Buffer;

  beforeAll(() => {
    // A dependency-free package packed as resolve-packages vendors them
    source.setContent({
      'package.json': JSON.stringify({
        name: '@agent-mesh/tiny',
        version: '1.0.0',
      }),
      'index.js': 'module.exports = 1;\n',
    });
    execFileSync('npm', ['pack', '--silent'], { cwd: source.path });
    tarball = fs.readFileSync(
      path.join(source.path, 'agent-mesh-tiny-1.0.0.tgz'),
    );
  });

  const lockFile = () => path.join(workspace.path, 'package-lock.json');

  function context(
    files: Parameters<typeof workspace.setContent>[0],
    input: Record<string, string> = {},
  ) {
    workspace.setContent(files);
    return createMockActionContext({ workspacePath: workspace.path, input });
  }

  it('locks vendored tarballs with npm, without scripts, recording no registry host', async () => {
    // GIVEN a repository depending on a vendored tarball, with the skeleton's .npmrc
    const ctx = context({
      '.npmrc': 'omit-lockfile-registry-resolved=true\n',
      'package.json': JSON.stringify({
        name: 'agent-mesh-x',
        version: '0.1.0',
        dependencies: {
          '@agent-mesh/tiny': 'file:vendor/agent-mesh-tiny-1.0.0.tgz',
        },
        scripts: { preinstall: 'exit 1' },
      }),
      vendor: { 'agent-mesh-tiny-1.0.0.tgz': tarball },
    });

    // WHEN the action runs
    await createLockPackagesAction().handler(ctx as any);

    // THEN package-lock.json matches package.json and names the tarball, not a registry
    const lock = JSON.parse(fs.readFileSync(lockFile(), 'utf8'));
    expect(lock.packages['']).toMatchObject({
      dependencies: {
        '@agent-mesh/tiny': 'file:vendor/agent-mesh-tiny-1.0.0.tgz',
      },
    });
    expect(lock.packages['node_modules/@agent-mesh/tiny']).toMatchObject({
      version: '1.0.0',
      resolved: 'file:vendor/agent-mesh-tiny-1.0.0.tgz',
    });
    expect(fs.readFileSync(lockFile(), 'utf8')).not.toMatch(/https?:/);
    expect(fs.existsSync(path.join(workspace.path, 'node_modules'))).toBe(
      false,
    );
    expect(ctx.output).toHaveBeenCalledWith('locked', true);
    expect(ctx.output).toHaveBeenCalledWith(
      'lockfilePath',
      'package-lock.json',
    );
  });

  it('locks a package.json in a sub-folder', async () => {
    const ctx = context(
      {
        infra: {
          'package.json': JSON.stringify({ name: 'infra', version: '0.1.0' }),
        },
      },
      { packageJsonPath: 'infra/package.json' },
    );
    await createLockPackagesAction().handler(ctx as any);
    expect(
      fs.existsSync(path.join(workspace.path, 'infra/package-lock.json')),
    ).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith(
      'lockfilePath',
      'infra/package-lock.json',
    );
  });

  it('fails, writing no lockfile, when @agent-mesh/* would come from a registry .npmrc does not name', async () => {
    // GIVEN a range of the constructs and no @agent-mesh:registry line
    const ctx = context({
      '.npmrc': 'omit-lockfile-registry-resolved=true\n',
      'package.json': JSON.stringify({
        name: 'agent-mesh-x',
        dependencies: { '@agent-mesh/infra-constructs': '^0.1.0' },
      }),
    });
    ctx.isDryRun = true;
    // WHEN the action runs (as in a dry run), THEN it fails naming the settings
    await expect(
      createLockPackagesAction().handler(ctx as any),
    ).rejects.toThrow(
      /package.json installs @agent-mesh\/infra-constructs from a registry, but its .npmrc maps no @agent-mesh registry, .*dependency confusion.*Set agentMeshScaffolder.packages.registry .* or agentMeshScaffolder.packages.tarballDirectory/,
    );
    // AND npm never ran against the default registry
    expect(fs.existsSync(lockFile())).toBe(false);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it("fails with npm's reason when the dependencies cannot be resolved", async () => {
    const ctx = context({
      'package.json': JSON.stringify({
        name: 'agent-mesh-x',
        dependencies: { '@agent-mesh/tiny': 'file:vendor/missing.tgz' },
      }),
    });
    await expect(
      createLockPackagesAction().handler(ctx as any),
    ).rejects.toThrow(
      /Cannot write package-lock.json: npm install --package-lock-only --ignore-scripts .*failed/,
    );
  });

  it('fails when npm does not finish within the time limit', async () => {
    const ctx = context({
      'package.json': JSON.stringify({
        name: 'agent-mesh-x',
        version: '0.1.0',
      }),
    });
    await expect(
      createLockPackagesAction({ timeoutMs: 1 }).handler(ctx as any),
    ).rejects.toThrow(/did not finish within/);
  });

  it('refuses a package.json outside the workspace', async () => {
    const ctx = context({}, { packageJsonPath: '../package.json' });
    await expect(
      createLockPackagesAction().handler(ctx as any),
    ).rejects.toThrow(/outside/);
  });
});
