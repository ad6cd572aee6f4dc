import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { packageVersion } from '../packaging/agentMeshPackages';
import { createResolvePackagesAction } from './resolvePackages';

describe('agent-mesh:packages:resolve', () => {
  const workspace = createMockDirectory();
  const tarballs = createMockDirectory();
  const constructsVersion = packageVersion('@agent-mesh/infra-constructs');
  const commonVersion = packageVersion('@agent-mesh/plugin-agent-mesh-common');
  const manifest = {
    name: 'agent-mesh-x',
    dependencies: {
      '@agent-mesh/infra-constructs': '^0.0.1',
      '@agent-mesh/plugin-agent-mesh-common': '^0.0.1',
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

  it('pins a range of the versions this Backstage runs by default', async () => {
    const ctx = context();
    await createResolvePackagesAction({}).handler(ctx as any);
    expect(written().dependencies).toEqual({
      '@agent-mesh/infra-constructs': `^${constructsVersion}`,
      '@agent-mesh/plugin-agent-mesh-common': `^${commonVersion}`,
      'aws-cdk-lib': '2.276.0',
    });
    expect(ctx.output).toHaveBeenCalledWith('source', 'registry');
  });

  it('vendors the configured tarballs and points the dependencies at them', async () => {
    const infraFile = `agent-mesh-infra-constructs-${constructsVersion}.tgz`;
    const commonFile = `agent-mesh-plugin-agent-mesh-common-${commonVersion}.tgz`;
    tarballs.setContent({ [infraFile]: 'infra', [commonFile]: 'common' });
    const ctx = context();
    await createResolvePackagesAction({
      tarballDirectory: tarballs.path,
    }).handler(ctx as any);
    expect(written().dependencies).toMatchObject({
      '@agent-mesh/infra-constructs': `file:vendor/${infraFile}`,
      '@agent-mesh/plugin-agent-mesh-common': `file:vendor/${commonFile}`,
    });
    expect(
      fs.readFileSync(path.join(workspace.path, 'vendor', infraFile), 'utf8'),
    ).toBe('infra');
    expect(ctx.output).toHaveBeenCalledWith('source', 'tarball');
  });

  it('warns and falls back to ranges when the tarballs are missing', async () => {
    tarballs.setContent({});
    const ctx = context();
    const warn = jest.spyOn(ctx.logger, 'warn');
    await createResolvePackagesAction({
      tarballDirectory: tarballs.path,
    }).handler(ctx as any);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('is missing (run `yarn workspace'),
    );
    expect(written().dependencies['@agent-mesh/infra-constructs']).toBe(
      `^${constructsVersion}`,
    );
    expect(ctx.output).toHaveBeenCalledWith('source', 'registry');
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
