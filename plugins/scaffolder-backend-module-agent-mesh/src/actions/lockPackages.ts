import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readWorkspaceManifest } from './workspaceManifest';
import { examples } from './lockPackages.examples';

/** How long `npm install --package-lock-only` may take by default. */
export const DEFAULT_LOCK_TIMEOUT_MS = 5 * 60_000;

/** The npm arguments: resolve and write package-lock.json only, run no package's scripts. */
export const LOCK_ARGS = [
  'install',
  '--package-lock-only',
  '--ignore-scripts',
  '--no-audit',
  '--no-fund',
  '--update-notifier=false',
];

function runNpm(
  cwd: string,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      LOCK_ARGS,
      { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

async function readOptional(file: string): Promise<string> {
  return fs.readFile(file, 'utf8').catch(() => '');
}

/**
 * `agent-mesh:packages:lock`: writes the generated repository's `package-lock.json` with
 * `npm install --package-lock-only --ignore-scripts` (run through execFile, no shell, no input in its arguments,
 * with a time limit), so the repository installs with `npm ci` as its README and CI say. It runs after
 * `agent-mesh:packages:resolve`: the vendored `file:` tarballs are locked from `vendor/`, registry versions through
 * the `@agent-mesh:registry=` line that action wrote into `.npmrc`. When `@agent-mesh/*` would come from a registry
 * the repository does not name, it fails (also in a dry run) rather than let npm resolve our scope from the
 * default registry or leave the repository without a lockfile. The lockfile must carry no registry host (the skeleton's `.npmrc` sets
 * `omit-lockfile-registry-resolved=true`); the action fails if one does.
 */
export function createLockPackagesAction(options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  return createTemplateAction({
    id: 'agent-mesh:packages:lock',
    description:
      "Writes the generated repository's package-lock.json (npm install --package-lock-only --ignore-scripts) so it installs with npm ci.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        packageJsonPath: z =>
          z
            .string()
            .describe(
              'Path of the package.json to lock inside the workspace. Default: package.json',
            )
            .optional(),
      },
      output: {
        locked: z =>
          z.boolean().describe('Whether package-lock.json was written'),
        lockfilePath: z =>
          z
            .string()
            .describe('Path of the package-lock.json inside the workspace')
            .optional(),
      },
    },
    async handler(ctx) {
      const {
        relative: manifestRelative,
        dir: manifestDir,
        manifest,
      } = await readWorkspaceManifest(
        ctx.workspacePath,
        ctx.input.packageJsonPath,
      );
      const fromRegistry = Object.entries(manifest.dependencies ?? {}).filter(
        ([name, spec]) =>
          name.startsWith('@agent-mesh/') && !spec.startsWith('file:'),
      );
      const npmrc = await readOptional(path.join(manifestDir, '.npmrc'));
      if (
        fromRegistry.length > 0 &&
        !/^\s*@agent-mesh:registry\s*=\s*\S+/m.test(npmrc)
      ) {
        throw new Error(
          `${manifestRelative} installs ${fromRegistry
            .map(([name]) => name)
            .join(
              ', ',
            )} from a registry, but its .npmrc maps no @agent-mesh registry, ` +
            'so no package-lock.json can be written without asking the default registry for the scope ' +
            '(dependency confusion) and the repository would not install with `npm ci`. ' +
            'Set agentMeshScaffolder.packages.registry to the registry that serves @agent-mesh/*, or ' +
            'agentMeshScaffolder.packages.tarballDirectory to vendor the packages, and run agent-mesh:packages:resolve before this step',
        );
      }

      const lockRelative = path
        .relative(
          ctx.workspacePath,
          path.join(manifestDir, 'package-lock.json'),
        )
        .split(path.sep)
        .join('/');
      const started = Date.now();
      try {
        await runNpm(manifestDir, timeoutMs);
      } catch (error) {
        const e = error as NodeJS.ErrnoException & {
          killed?: boolean;
          stderr?: string;
        };
        let why = `failed: ${e.message}`;
        if (e.killed) {
          why = `did not finish within ${Math.round(timeoutMs / 1000)} s`;
        } else if (e.code === 'ENOENT') {
          why =
            'could not start: npm is not on the PATH of the Backstage backend';
        }
        const tail = (e.stderr ?? '').trim().split('\n').slice(-20).join('\n');
        throw new Error(
          `Cannot write ${lockRelative}: npm ${LOCK_ARGS.join(' ')} ${why}${
            tail ? `\n${tail}` : ''
          }`,
        );
      }
      const lock = await readOptional(
        path.join(manifestDir, 'package-lock.json'),
      );
      if (!lock) {
        throw new Error(`npm wrote no ${lockRelative}`);
      }
      const hosts = [
        ...lock.matchAll(/"resolved":\s*"(https?:\/\/[^/"]+)/g),
      ].map(m => m[1]);
      if (hosts.length > 0) {
        throw new Error(
          `${lockRelative} records registry hosts (${[...new Set(hosts)].join(
            ', ',
          )}); set omit-lockfile-registry-resolved=true in the repository's .npmrc`,
        );
      }
      ctx.logger.info(
        `Wrote ${lockRelative} in ${((Date.now() - started) / 1000).toFixed(
          1,
        )} s`,
      );
      ctx.output('locked', true);
      ctx.output('lockfilePath', lockRelative);
    },
  });
}
