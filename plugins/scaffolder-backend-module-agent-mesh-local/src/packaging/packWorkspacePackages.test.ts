import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import {
  defaultTarballDirectory,
  workspacePackagesToPack,
  workspaceRoot,
} from './packWorkspacePackages';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const manifestOf = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

describe('the workspace packer', () => {
  it('finds the workspace root and its git-ignored tarball folder', () => {
    expect(workspaceRoot()).toBe(REPO_ROOT);
    expect(defaultTarballDirectory()).toBe(
      path.join(REPO_ROOT, '.cache', 'agent-mesh', 'packages'),
    );
  });

  it("packs infra-constructs and the workspace packages of its package.json's dependencies", () => {
    // GIVEN what infra-constructs' package.json depends on in this workspace (whatever that is today)
    const dependencies = Object.entries<string>(
      manifestOf(path.join(REPO_ROOT, 'infra-constructs')).dependencies ?? {},
    )
      .filter(([, range]) => range.startsWith('workspace:'))
      .map(([name]) => name);

    // WHEN the packer decides what to pack
    const packages = workspacePackagesToPack();

    // THEN it is the constructs first, then every workspace package they depend on, each from its source folder
    expect(packages[0].name).toBe('@agent-mesh/infra-constructs');
    expect(packages.map(p => p.name)).toEqual(
      expect.arrayContaining(dependencies),
    );
    for (const pkg of packages) {
      expect(fs.realpathSync(pkg.directory).startsWith(REPO_ROOT)).toBe(true);
      expect(pkg.directory).not.toMatch(/node_modules/);
      expect(manifestOf(pkg.directory)).toMatchObject({
        name: pkg.name,
        version: pkg.version,
      });
    }
  });

  it('refuses to pack a package that is not in the workspace', () => {
    const elsewhere = createMockDirectory();
    expect(() => workspacePackagesToPack(elsewhere.path)).toThrow(
      /@agent-mesh\/infra-constructs \(.*\) is not a package of the workspace .*, so it cannot be packed from source/,
    );
  });
});
