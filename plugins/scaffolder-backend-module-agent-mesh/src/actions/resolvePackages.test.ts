import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import {
  generatedRepositoryPackages,
  tarballName,
} from '../packages/generatedRepositoryPackages';
import { createResolvePackagesAction } from './resolvePackages';

describe('agent-mesh:packages:resolve', () => {
  const workspace = createMockDirectory();
  const tarballs = createMockDirectory();
  const packages = generatedRepositoryPackages();
  const [constructs, ...dependencies] = packages;
  const manifest = {
    name: 'agent-mesh-x',
    dependencies: {
      '@agent-mesh/infra-constructs': '^0.0.1',
      'aws-cdk-lib': '2.276.0',
    },
  };

  function context(input: Record<string, string> = {}) {
    workspace.setContent({ 'package.json': JSON.stringify(manifest) });
    return createMockActionContext({ workspacePath: workspace.path, input });
  }
  const written = () =>
    JSON.parse(
      fs.readFileSync(path.join(workspace.path, 'package.json'), 'utf8'),
    );

  it('pins a range of the constructs version this Backstage runs when a registry is configured', async () => {
    const ctx = context();
    await createResolvePackagesAction({
      registry: 'https://npm.example.invalid/',
    }).handler(ctx as any);
    expect(written()).toEqual({
      name: 'agent-mesh-x',
      dependencies: {
        '@agent-mesh/infra-constructs': `^${constructs.version}`,
        'aws-cdk-lib': '2.276.0',
      },
    });
    expect(ctx.output).toHaveBeenCalledWith('source', 'registry');
    expect(ctx.output).toHaveBeenCalledWith('dependencies', {
      '@agent-mesh/infra-constructs': `^${constructs.version}`,
    });
  });

  it('vendors the tarballs of the constructs and their @agent-mesh dependencies, pinning those by overrides', async () => {
    // GIVEN a tarball of every package in the constructs' dependency closure
    tarballs.setContent(
      Object.fromEntries(packages.map(pkg => [tarballName(pkg), pkg.name])),
    );
    const ctx = context();

    // WHEN the action runs with the tarball folder configured
    await createResolvePackagesAction({
      tarballDirectory: tarballs.path,
    }).handler(ctx as any);

    // THEN each is copied into vendor/ and is a file: dependency; the constructs' own dependencies resolve to them
    const specs = Object.fromEntries(
      packages.map(pkg => [pkg.name, `file:vendor/${tarballName(pkg)}`]),
    );
    expect(written().dependencies).toEqual({
      ...specs,
      'aws-cdk-lib': '2.276.0',
    });
    expect(written().overrides ?? {}).toEqual(
      Object.fromEntries(dependencies.map(pkg => [pkg.name, `$${pkg.name}`])),
    );
    for (const pkg of packages) {
      expect(
        fs.readFileSync(
          path.join(workspace.path, 'vendor', tarballName(pkg)),
          'utf8',
        ),
      ).toBe(pkg.name);
    }
    expect(ctx.output).toHaveBeenCalledWith('source', 'tarball');
    expect(ctx.output).toHaveBeenCalledWith('dependencies', specs);
  });

  it('fails at once, writing nothing, when neither a registry nor the tarballs are configured', async () => {
    // GIVEN no agentMeshScaffolder.packages settings
    const ctx = context();
    // WHEN the action runs (as in a dry run)
    ctx.isDryRun = true;
    // THEN it fails naming both settings and why
    const failure = createResolvePackagesAction({}).handler(ctx as any);
    await expect(failure).rejects.toThrow(
      `package.json would install @agent-mesh/infra-constructs@^${constructs.version} from a registry, but none is configured for the @agent-mesh scope: ` +
        'set agentMeshScaffolder.packages.registry to the registry your organisation publishes @agent-mesh/* to',
    );
    await expect(failure).rejects.toThrow(
      /or agentMeshScaffolder.packages.tarballDirectory to a folder holding their npm-pack tarballs .*dependency confusion.*`npm ci` would fail/,
    );
    // AND the package.json and .npmrc are as rendered
    expect(written()).toEqual(manifest);
    expect(fs.existsSync(path.join(workspace.path, '.npmrc'))).toBe(false);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('fails naming the missing tarball when the tarball folder is incomplete and no registry is configured', async () => {
    tarballs.setContent(
      Object.fromEntries(dependencies.map(pkg => [tarballName(pkg), pkg.name])),
    );
    const ctx = context();
    await expect(
      createResolvePackagesAction({
        tarballDirectory: tarballs.path,
      }).handler(ctx as any),
    ).rejects.toThrow(
      `(the configured folder lacks ${tarballName(
        constructs,
      )}; run \`yarn workspace @agent-mesh/plugin-scaffolder-backend-module-agent-mesh-local pack:workspace\`)`,
    );
    expect(written()).toEqual(manifest);
    expect(fs.existsSync(path.join(workspace.path, 'vendor'))).toBe(false);
  });

  it('warns and falls back to a range of the configured registry when a tarball is missing', async () => {
    // GIVEN the tarball folder without the constructs' tarball, and a registry
    tarballs.setContent(
      Object.fromEntries(dependencies.map(pkg => [tarballName(pkg), pkg.name])),
    );
    const ctx = context();
    const warn = jest.spyOn(ctx.logger, 'warn');
    await createResolvePackagesAction({
      tarballDirectory: tarballs.path,
      registry: 'https://npm.example.invalid/',
    }).handler(ctx as any);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `${tarballName(constructs)} is missing (run \`yarn workspace`,
      ),
    );
    expect(written().dependencies['@agent-mesh/infra-constructs']).toBe(
      `^${constructs.version}`,
    );
    expect(written().overrides).toBeUndefined();
    expect(fs.existsSync(path.join(workspace.path, 'vendor'))).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith('source', 'registry');
    expect(ctx.output).toHaveBeenCalledWith(
      'registry',
      'https://npm.example.invalid/',
    );
  });

  it('maps the @agent-mesh scope to the configured registry in the repository .npmrc', async () => {
    // GIVEN the skeleton's .npmrc and a configured internal registry
    const ctx = context();
    const npmrc = path.join(workspace.path, '.npmrc');
    fs.writeFileSync(
      npmrc,
      'omit-lockfile-registry-resolved=true\n@agent-mesh:registry=https://old.example.invalid/\n',
    );
    // WHEN the action writes a range
    await createResolvePackagesAction({
      registry: 'https://npm.example.invalid/',
    }).handler(ctx as any);
    // THEN .npmrc keeps its settings and names that registry, once
    expect(fs.readFileSync(npmrc, 'utf8')).toBe(
      'omit-lockfile-registry-resolved=true\n@agent-mesh:registry=https://npm.example.invalid/\n',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'registry',
      'https://npm.example.invalid/',
    );
  });

  it('writes no registry when the tarballs are vendored: the file: specs leave nothing to look up', async () => {
    tarballs.setContent(
      Object.fromEntries(packages.map(pkg => [tarballName(pkg), pkg.name])),
    );
    const ctx = context();
    await createResolvePackagesAction({
      tarballDirectory: tarballs.path,
      registry: 'https://npm.example.invalid/',
    }).handler(ctx as any);
    expect(fs.existsSync(path.join(workspace.path, '.npmrc'))).toBe(false);
    expect(ctx.output).not.toHaveBeenCalledWith('registry', expect.anything());
  });

  it('stays inside the workspace', async () => {
    await expect(
      createResolvePackagesAction({}).handler(
        context({ packageJsonPath: '../package.json' }) as any,
      ),
    ).rejects.toThrow(/outside/);
    await expect(
      createResolvePackagesAction({}).handler(
        context({ vendorPath: '../../vendor' }) as any,
      ),
    ).rejects.toThrow(/outside/);
  });
});
