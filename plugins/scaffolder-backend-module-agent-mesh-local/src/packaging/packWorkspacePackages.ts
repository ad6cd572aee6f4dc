import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AgentMeshPackage,
  generatedRepositoryPackages,
  tarballName,
} from '@agent-mesh/plugin-scaffolder-backend-module-agent-mesh';

interface Manifest {
  name: string;
  version: string;
  main?: string;
  types?: string;
  files?: string[];
  publishConfig?: Record<string, string>;
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  workspaces?: unknown;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** A hash of everything that goes into the tarballs, so unchanged sources are not rebuilt. */
function sourceHash(dirs: string[]): string {
  const hash = crypto.createHash('sha256');
  for (const dir of dirs) {
    for (const file of [
      path.join(dir, 'package.json'),
      ...filesUnder(path.join(dir, 'src')),
    ].sort()) {
      hash.update(file).update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex');
}

/** What `yarn pack` makes of a `workspace:` range: `^` and `~` take the version, `*` is the version. */
function workspaceRange(spec: string, version: string): string {
  if (spec === '^' || spec === '~') return `${spec}${version}`;
  return spec === '*' ? version : spec;
}

/** The manifest `yarn pack` would publish: publishConfig applied, `workspace:` ranges made real, no dev parts. */
function publishedManifest(
  manifest: Manifest,
  versions: Record<string, string>,
): Manifest {
  const { publishConfig = {}, scripts, devDependencies, ...rest } = manifest;
  const dependencies = Object.fromEntries(
    Object.entries(rest.dependencies ?? {}).map(([name, range]) => [
      name,
      range.startsWith('workspace:')
        ? workspaceRange(range.slice('workspace:'.length), versions[name])
        : range,
    ]),
  );
  const { access, ...fields } = publishConfig;
  return { ...rest, ...fields, dependencies, publishConfig: { access } };
}

/** Expands the simple patterns of a manifest's `files` (a folder, a file, or `folder/*.ext`). */
function expandFiles(dir: string, patterns: string[]): string[] {
  return patterns.flatMap(pattern => {
    const star = pattern.indexOf('*');
    if (star < 0) return [pattern];
    const folder = path.dirname(pattern);
    const suffix = pattern.slice(star + 1);
    return fs
      .readdirSync(path.join(dir, folder))
      .filter(name => name.endsWith(suffix))
      .map(name => path.join(folder, name));
  });
}

/** The folder of the Yarn workspace this package is in: the nearest one up whose package.json lists workspaces. */
export function workspaceRoot(
  start = resolvePackagePath(
    '@agent-mesh/plugin-scaffolder-backend-module-agent-mesh-local',
  ),
): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && readManifest(dir).workspaces) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`No Yarn workspace root above ${start}`);
    }
  }
}

/**
 * What a generated repository needs packed: `@agent-mesh/infra-constructs` and the `@agent-mesh/*` packages in
 * its dependency closure (read from the package.json files, so a package the constructs start depending on is
 * packed too). Each must be a package of this workspace: this packs sources, not installed copies.
 */
export function workspacePackagesToPack(root = workspaceRoot()) {
  const realRoot = fs.realpathSync(root);
  return generatedRepositoryPackages().map(pkg => {
    const relative = path.relative(realRoot, fs.realpathSync(pkg.directory));
    if (
      relative.startsWith('..') ||
      path.isAbsolute(relative) ||
      relative.split(path.sep).includes('node_modules')
    ) {
      throw new Error(
        `${pkg.name} (${pkg.directory}) is not a package of the workspace ${root}, so it cannot be packed from source`,
      );
    }
    return pkg;
  });
}

/**
 * Builds the workspace packages a generated repository needs (see {@link workspacePackagesToPack}) and packs them
 * with npm into `outDir`, as they would be published (publishConfig's main/types, `workspace:^` replaced by the
 * version). The packages' own folders only get their usual build output (`dist/`); the package.json files are
 * never rewritten in place. Skips the work when the sources have not changed since the last run.
 *
 * @returns the tarball paths by package name
 */
export function packWorkspacePackages(
  outDir: string,
  log: (message: string) => void = () => {},
): Record<string, string> {
  const repoRoot = workspaceRoot();
  const packages: AgentMeshPackage[] = workspacePackagesToPack(repoRoot);
  const dirs = packages.map(pkg => pkg.directory);
  const manifests = dirs.map(readManifest);
  const versions = Object.fromEntries(packages.map(p => [p.name, p.version]));
  const tarballs = Object.fromEntries(
    packages.map(pkg => [pkg.name, path.join(outDir, tarballName(pkg))]),
  );

  const hash = sourceHash(dirs);
  const hashFile = path.join(outDir, '.source-hash');
  if (
    fs.existsSync(hashFile) &&
    fs.readFileSync(hashFile, 'utf8') === hash &&
    Object.values(tarballs).every(file => fs.existsSync(file))
  ) {
    log(`Tarballs in ${outDir} are up to date`);
    return tarballs;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const bin = (name: string) =>
    path.join(repoRoot, 'node_modules', '.bin', name);

  // Declarations first: backstage-cli builds each package's index.d.ts from dist-types/.
  const tsconfig = path.join(outDir, 'tsconfig.pack.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: path.join(repoRoot, 'tsconfig.json'),
      include: dirs.map(dir => path.join(dir, 'src')),
      exclude: ['**/*.test.ts', '**/node_modules'],
      compilerOptions: {
        outDir: path.join(repoRoot, 'dist-types'),
        rootDir: repoRoot,
        incremental: false,
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
      },
    }),
  );
  log('Type-checking and emitting declarations (tsc)');
  execFileSync(bin('tsc'), ['-p', tsconfig], { cwd: repoRoot, stdio: 'pipe' });

  const stageRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-mesh-pack-'));
  try {
    dirs.forEach((dir, i) => {
      const manifest = manifests[i];
      log(`Building ${manifest.name} (backstage-cli package build)`);
      execFileSync(bin('backstage-cli'), ['package', 'build'], {
        cwd: dir,
        stdio: 'pipe',
      });
      const stage = path.join(stageRoot, `package-${i}`);
      fs.mkdirSync(stage);
      for (const file of [
        ...expandFiles(dir, manifest.files ?? ['dist']),
        'README.md',
      ]) {
        if (fs.existsSync(path.join(dir, file))) {
          fs.cpSync(path.join(dir, file), path.join(stage, file), {
            recursive: true,
          });
        }
      }
      fs.writeFileSync(
        path.join(stage, 'package.json'),
        `${JSON.stringify(publishedManifest(manifest, versions), null, 2)}\n`,
      );
      log(`Packing ${manifest.name}`);
      execFileSync(
        'npm',
        ['pack', stage, '--pack-destination', outDir, '--silent'],
        {
          cwd: outDir,
          stdio: 'pipe',
        },
      );
    });
  } finally {
    fs.rmSync(stageRoot, { recursive: true, force: true });
  }
  for (const file of Object.values(tarballs)) {
    if (!fs.existsSync(file)) {
      throw new Error(`npm pack did not produce ${file}`);
    }
  }
  fs.writeFileSync(hashFile, hash);
  return tarballs;
}

/** The default tarball folder: `.cache/agent-mesh/packages` at the repository root (git-ignored). */
export function defaultTarballDirectory(): string {
  return path.join(workspaceRoot(), '.cache', 'agent-mesh', 'packages');
}
