import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  generatedRepositoryPackages,
  tarballName,
} from '../packages/generatedRepositoryPackages';
import { readWorkspaceManifest } from './workspaceManifest';
import { examples } from './resolvePackages.examples';

async function exists(file: string): Promise<boolean> {
  return fs
    .access(file)
    .then(() => true)
    .catch(() => false);
}

/**
 * `agent-mesh:packages:resolve`: decides where the generated repository installs `@agent-mesh/*` from.
 * By default a semver range of the `@agent-mesh/infra-constructs` version this Backstage validated and
 * synthesized the mesh with (the adopter's `.npmrc` maps the `@agent-mesh` scope to their registry; the packages it
 * depends on come through it). With `agentMeshScaffolder.packages.tarballDirectory` configured, the tarballs of
 * the constructs and of every `@agent-mesh/*` package they depend on are copied into the repository and
 * referenced as `file:` dependencies (the constructs' own dependencies on them pinned by `overrides`), so it
 * installs where only the public registry is reachable.
 * With a range and `agentMeshScaffolder.packages.registry` configured, the repository's `.npmrc` gets
 * `@agent-mesh:registry=<that URL>`, so npm never looks for our scope on another registry (no dependency
 * confusion); with tarballs the `file:` specs and `overrides` leave npm nothing of the scope to look up.
 * With neither (no registry, and no tarballs or some missing) it fails before writing anything, also in a dry
 * run: the repository could not be locked without asking the default registry for our scope.
 */
export function createResolvePackagesAction(options: {
  tarballDirectory?: string;
  registry?: string;
}) {
  return createTemplateAction({
    id: 'agent-mesh:packages:resolve',
    description:
      "Points the generated repository's @agent-mesh/* dependencies at the version this Backstage runs: a semver range, or vendored npm-pack tarballs when agentMeshScaffolder.packages.tarballDirectory is configured.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        packageJsonPath: z =>
          z
            .string()
            .describe(
              'Path of the package.json to update inside the workspace. Default: package.json',
            )
            .optional(),
        vendorPath: z =>
          z
            .string()
            .describe(
              'Folder inside the workspace the tarballs are copied to. Default: vendor',
            )
            .optional(),
      },
      output: {
        source: z =>
          z
            .enum(['registry', 'tarball'])
            .describe('Where the repository installs @agent-mesh/* from'),
        dependencies: z =>
          z
            .record(z.string())
            .describe('The @agent-mesh/* dependency specs written'),
        registry: z =>
          z
            .string()
            .describe(
              'The registry .npmrc maps the @agent-mesh scope to, when one was written',
            )
            .optional(),
      },
    },
    async handler(ctx) {
      const {
        relative: manifestRelative,
        file: manifestFile,
        dir: manifestDir,
        manifest,
      } = await readWorkspaceManifest(
        ctx.workspacePath,
        ctx.input.packageJsonPath,
      );
      const vendorRelative = ctx.input.vendorPath ?? 'vendor';
      const vendorDir = resolveSafeChildPath(manifestDir, vendorRelative);

      const packages = generatedRepositoryPackages();
      const tarballs = options.tarballDirectory
        ? packages.map(pkg => ({
            pkg,
            file: path.join(options.tarballDirectory!, tarballName(pkg)),
          }))
        : [];
      const missing = [];
      for (const tarball of tarballs) {
        if (!(await exists(tarball.file))) missing.push(tarball.file);
      }
      if (options.tarballDirectory && missing.length > 0 && options.registry) {
        ctx.logger.warn(
          `agentMeshScaffolder.packages.tarballDirectory is set but ${missing.join(
            ', ',
          )} ` +
            'is missing (run `yarn workspace @agent-mesh/plugin-scaffolder-backend-module-agent-mesh-local pack:workspace`); ' +
            'the repository gets a registry version range instead',
        );
      }
      const useTarballs = tarballs.length > 0 && missing.length === 0;
      if (!useTarballs && !options.registry) {
        // Without a registry for the scope and without vendored copies, npm could only look @agent-mesh up on the
        // default registry: the lock step must not, so the repository would get no lockfile and `npm ci` fails.
        throw new Error(
          `${manifestRelative} would install ${packages[0].name}@^${packages[0].version} from a registry, but none is configured for the @agent-mesh scope: ` +
            'set agentMeshScaffolder.packages.registry to the registry your organisation publishes @agent-mesh/* to ' +
            "(it is written into the repository's .npmrc as @agent-mesh:registry=<URL>), or " +
            'agentMeshScaffolder.packages.tarballDirectory to a folder holding their npm-pack tarballs ' +
            `(${packages
              .map(pkg => tarballName(pkg))
              .join(', ')}) to vendor them` +
            `${
              missing.length > 0
                ? ` (the configured folder lacks ${missing
                    .map(file => path.basename(file))
                    .join(
                      ', ',
                    )}; run \`yarn workspace @agent-mesh/plugin-scaffolder-backend-module-agent-mesh-local pack:workspace\`)`
                : ''
            }. ` +
            'Otherwise npm would resolve the scope from the default public registry, where anyone can publish ' +
            'under that name (dependency confusion), and the repository could get no package-lock.json, so its ' +
            '`npm ci` would fail.',
        );
      }

      const specs: Record<string, string> = {};
      const overrides: Record<string, string> = {};
      if (useTarballs) {
        await fs.mkdir(vendorDir, { recursive: true });
        for (const { pkg, file } of tarballs) {
          const target = path.join(vendorDir, path.basename(file));
          await fs.copyFile(file, target);
          specs[pkg.name] = `file:${path
            .relative(manifestDir, target)
            .split(path.sep)
            .join('/')}`;
        }
        // npm installs the constructs' own @agent-mesh/* dependencies from the vendored copies, not a registry.
        for (const pkg of packages.slice(1)) {
          overrides[pkg.name] = `$${pkg.name}`;
        }
      } else {
        // The constructs' own @agent-mesh/* dependencies come through their package.json.
        const constructs = packages[0];
        specs[constructs.name] = `^${constructs.version}`;
      }
      manifest.dependencies = { ...manifest.dependencies, ...specs };
      if (Object.keys(overrides).length > 0) {
        manifest.overrides = { ...manifest.overrides, ...overrides };
      }
      await fs.writeFile(
        manifestFile,
        `${JSON.stringify(manifest, null, 2)}\n`,
      );
      ctx.logger.info(
        `${manifestRelative} installs ${Object.entries(specs)
          .map(([name, spec]) => `${name}@${spec}`)
          .join(', ')}`,
      );
      if (!useTarballs && options.registry) {
        const npmrcFile = path.join(manifestDir, '.npmrc');
        const npmrc = await fs.readFile(npmrcFile, 'utf8').catch(() => '');
        const kept = npmrc
          .split('\n')
          .filter(line => !/^\s*@agent-mesh:registry\s*=/.test(line))
          .join('\n')
          .replace(/\n*$/, '\n');
        await fs.writeFile(
          npmrcFile,
          `${kept === '\n' ? '' : kept}@agent-mesh:registry=${
            options.registry
          }\n`,
        );
        ctx.logger.info(`.npmrc maps @agent-mesh to ${options.registry}`);
        ctx.output('registry', options.registry);
      }
      ctx.output('source', useTarballs ? 'tarball' : 'registry');
      ctx.output('dependencies', specs);
    },
  });
}
