import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/** The one `@agent-mesh/*` package a generated repository names in its `package.json`. */
export const INFRA_CONSTRUCTS_PACKAGE = '@agent-mesh/infra-constructs';

/**
 * An `@agent-mesh/*` package a generated repository installs, as this Backstage has it installed.
 *
 * @public
 */
export interface AgentMeshPackage {
  /** The package name, e.g. `@agent-mesh/infra-constructs`. */
  name: string;
  /** The version installed next to this module. */
  version: string;
  /** The folder holding its `package.json`. */
  directory: string;
}

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
}

/**
 * `@agent-mesh/infra-constructs` and every `@agent-mesh/*` package in its dependency closure, read from the
 * installed `package.json` files (so the list follows whatever the constructs depend on), the constructs first.
 * A generated repository depends on the first; vendored as tarballs, it needs them all.
 *
 * @public
 */
export function generatedRepositoryPackages(): AgentMeshPackage[] {
  const found = new Map<string, AgentMeshPackage>();
  const visit = (name: string, from: string) => {
    if (found.has(name)) return;
    const manifestFile = require.resolve(`${name}/package.json`, {
      paths: [from],
    });
    const manifest: Manifest = JSON.parse(
      fs.readFileSync(manifestFile, 'utf8'),
    );
    const directory = path.dirname(manifestFile);
    found.set(name, { name, version: manifest.version, directory });
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (dependency.startsWith('@agent-mesh/')) visit(dependency, directory);
    }
  };
  visit(
    INFRA_CONSTRUCTS_PACKAGE,
    resolvePackagePath(
      '@agent-mesh/plugin-scaffolder-backend-module-agent-mesh',
    ),
  );
  return [...found.values()];
}

/**
 * The file name `npm pack` gives a scoped package's tarball, e.g. `agent-mesh-infra-constructs-0.1.0.tgz`.
 *
 * @public
 */
export function tarballName(pkg: { name: string; version: string }): string {
  return `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
}
