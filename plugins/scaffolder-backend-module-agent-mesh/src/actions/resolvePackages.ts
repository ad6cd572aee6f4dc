import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  AGENT_MESH_PACKAGES,
  packageVersion,
  tarballName,
} from '../packaging/agentMeshPackages';
import { examples } from './resolvePackages.examples';

interface PackageManifest {
  dependencies?: Record<string, string>;
}

async function exists(file: string): Promise<boolean> {
  return fs
    .access(file)
    .then(() => true)
    .catch(() => false);
}

/**
 * `agent-mesh:packages:resolve`: decides where the generated repository installs `@agent-mesh/*` from.
 * By default a semver range of the version this Backstage validated and synthesized the mesh with (the
 * adopter's `.npmrc` maps the `@agent-mesh` scope to their registry). With
 * `agentMeshScaffolder.packages.tarballDirectory` configured, the tarballs found there are copied into the
 * repository and referenced as `file:` dependencies, so it installs where only the public registry is reachable.
 */
export function createResolvePackagesAction(options: {
  tarballDirectory?: string;
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
      },
    },
    async handler(ctx) {
      const manifestRelative = ctx.input.packageJsonPath ?? 'package.json';
      const manifestFile = resolveSafeChildPath(
        ctx.workspacePath,
        manifestRelative,
      );
      const manifestDir = path.dirname(manifestFile);
      const vendorRelative = ctx.input.vendorPath ?? 'vendor';
      const vendorDir = resolveSafeChildPath(manifestDir, vendorRelative);
      let manifest: PackageManifest;
      try {
        manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8'));
      } catch (error) {
        throw new InputError(`Cannot read ${manifestRelative}`, error);
      }

      const versions = AGENT_MESH_PACKAGES.map(
        name => [name, packageVersion(name)] as const,
      );
      const tarballs = options.tarballDirectory
        ? versions.map(([name, version]) => ({
            name,
            file: path.join(
              options.tarballDirectory!,
              tarballName(name, version),
            ),
          }))
        : [];
      const missing = [];
      for (const tarball of tarballs) {
        if (!(await exists(tarball.file))) missing.push(tarball.file);
      }
      if (options.tarballDirectory && missing.length > 0) {
        ctx.logger.warn(
          `agentMeshScaffolder.packages.tarballDirectory is set but ${missing.join(
            ', ',
          )} ` +
            'is missing (run `yarn workspace @agent-mesh/plugin-scaffolder-backend-module-agent-mesh pack:workspace`); ' +
            'the repository gets registry version ranges instead',
        );
      }
      const useTarballs = tarballs.length > 0 && missing.length === 0;

      const specs: Record<string, string> = {};
      if (useTarballs) {
        await fs.mkdir(vendorDir, { recursive: true });
        for (const tarball of tarballs) {
          const target = path.join(vendorDir, path.basename(tarball.file));
          await fs.copyFile(tarball.file, target);
          specs[tarball.name] = `file:${path
            .relative(manifestDir, target)
            .split(path.sep)
            .join('/')}`;
        }
      } else {
        for (const [name, version] of versions) {
          specs[name] = `^${version}`;
        }
      }
      manifest.dependencies = { ...manifest.dependencies, ...specs };
      await fs.writeFile(
        manifestFile,
        `${JSON.stringify(manifest, null, 2)}\n`,
      );
      ctx.logger.info(
        `${manifestRelative} installs ${Object.entries(specs)
          .map(([name, spec]) => `${name}@${spec}`)
          .join(', ')}`,
      );
      ctx.output('source', useTarballs ? 'tarball' : 'registry');
      ctx.output('dependencies', specs);
    },
  });
}
