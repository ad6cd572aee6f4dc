import fs from 'node:fs';
import path from 'node:path';
import {
  generatedRepositoryPackages,
  tarballName,
} from './generatedRepositoryPackages';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const manifestOf = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

describe('generatedRepositoryPackages', () => {
  it('lists the constructs first, then the @agent-mesh packages of their package.json, with their versions', () => {
    // GIVEN the workspace's infra-constructs and what its package.json depends on
    const constructsDir = path.join(REPO_ROOT, 'infra-constructs');
    const scoped = Object.keys(
      manifestOf(constructsDir).dependencies ?? {},
    ).filter(name => name.startsWith('@agent-mesh/'));

    // WHEN the closure is read
    const packages = generatedRepositoryPackages();

    // THEN it follows the package.json files, whatever the constructs depend on today
    expect(packages[0]).toEqual({
      name: '@agent-mesh/infra-constructs',
      version: manifestOf(constructsDir).version,
      directory: fs.realpathSync(constructsDir),
    });
    expect(packages.map(p => p.name)).toEqual(
      expect.arrayContaining(['@agent-mesh/infra-constructs', ...scoped]),
    );
    for (const pkg of packages) {
      expect(pkg.version).toBe(manifestOf(pkg.directory).version);
      expect(manifestOf(pkg.directory).name).toBe(pkg.name);
    }
    expect(new Set(packages.map(p => p.name)).size).toBe(packages.length);
  });

  it('names tarballs as npm pack does', () => {
    expect(
      tarballName({ name: '@agent-mesh/infra-constructs', version: '1.2.3' }),
    ).toBe('agent-mesh-infra-constructs-1.2.3.tgz');
  });
});
