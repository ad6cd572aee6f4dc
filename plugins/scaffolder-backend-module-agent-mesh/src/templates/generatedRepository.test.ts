import { TIERS, Tier } from '@agent-mesh/plugin-agent-mesh-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  generatedRepositoryPackages,
  tarballName,
} from '../packages/generatedRepositoryPackages';
import { runCommand } from '../__testUtils__/runCommand';
import {
  SAMPLE_VALUES,
  startScaffolderTestBackend,
} from '../__testUtils__/scaffolderTestBackend';
import {
  REPO_ROOT,
  writeDirectoryContents,
} from '../__testUtils__/templateFiles';

/*
 * The long end-to-end test: each template is rendered through the real scaffolder backend's dry-run API (so
 * our actions validate, synthesize and cost it, and agent-mesh:packages:resolve vendors the workspace packages,
 * packed first by the local module's packer, as `yarn start` does, and agent-mesh:packages:lock writes its
 * package-lock.json), then the output is installed with exactly `npm ci`, as its README and CI workflow say,
 * type-checked, tested with its own jest suite and synthesized with the CDK CLI. Timings are printed per tier and
 * step.
 */
jest.setTimeout(15 * 60_000);

const timings: Record<string, Record<string, number>> = {};
let workDir: string;
let dryRun: Awaited<ReturnType<typeof startScaffolderTestBackend>>['dryRun'];

function timed<T>(tier: Tier, step: string, fn: () => T): T {
  const started = Date.now();
  try {
    return fn();
  } finally {
    timings[tier] = { ...timings[tier], [step]: Date.now() - started };
  }
}

beforeAll(async () => {
  const started = Date.now();
  const tarballDirectory = path.join(REPO_ROOT, '.cache/agent-mesh/packages');
  runCommand(
    path.join(REPO_ROOT, 'plugins/scaffolder-backend-module-agent-mesh-local'),
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/packaging/cli.ts',
      tarballDirectory,
    ],
  );
  timings.setup = { packWorkspacePackages: Date.now() - started };
  ({ dryRun } = await startScaffolderTestBackend({
    agentMeshScaffolder: { packages: { tarballDirectory } },
  }));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-mesh-generated-'));
});

afterAll(() => {
  const lines = Object.entries(timings).map(
    ([tier, steps]) =>
      `${tier.padEnd(7)} ${Object.entries(steps)
        .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
        .join(', ')}`,
  );
  process.stdout.write(
    `\nrender -> install -> tsc -> test -> synth timings (2 cores):\n${lines.join(
      '\n',
    )}\n`,
  );
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe.each(TIERS)('the generated %s repository', tier => {
  it('renders, installs from the packed tarballs, type-checks, passes its own tests and synthesizes', async () => {
    const started = Date.now();
    const dir = path.join(workDir, tier);

    // GIVEN the template rendered through the scaffolder's dry-run API with sample input
    const res = await dryRun(tier, SAMPLE_VALUES[tier]);
    expect(res.body.error ?? res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    writeDirectoryContents(dir, res.body.directoryContents ?? []);
    const actions = (res.body.steps ?? []).map(step => step.action);
    expect(actions.indexOf('agent-mesh:packages:lock')).toBe(
      actions.indexOf('agent-mesh:packages:resolve') + 1,
    );
    timings[tier] = { render: Date.now() - started };

    // THEN it depends on the vendored tarballs of the constructs and of every @agent-mesh package they need,
    // and its .npmrc keeps registry hosts out of the lockfile
    const manifest = JSON.parse(
      fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
    );
    for (const pkg of generatedRepositoryPackages()) {
      expect(manifest.dependencies[pkg.name]).toBe(
        `file:vendor/${tarballName(pkg)}`,
      );
    }
    expect(fs.readFileSync(path.join(dir, '.npmrc'), 'utf8')).toMatch(
      /^omit-lockfile-registry-resolved=true$/m,
    );
    // AND it comes with the package-lock.json of that package.json, recording no registry host
    const renderedLock = fs.readFileSync(
      path.join(dir, 'package-lock.json'),
      'utf8',
    );
    expect(JSON.parse(renderedLock).packages['']).toMatchObject({
      dependencies: manifest.dependencies,
      devDependencies: manifest.devDependencies,
    });
    expect(renderedLock).not.toMatch(/"resolved": "https?:/);
    // and CI's `npm ci --ignore-scripts` loses nothing: the one package with an install script is jest's
    // @parcel/watcher (dev only), whose script builds from source only when npm_config_build_from_source=true
    // (it ships prebuilt binaries as optional dependencies). A new one here needs the same check.
    expect(
      Object.entries(
        JSON.parse(renderedLock).packages as Record<
          string,
          { hasInstallScript?: boolean; dev?: boolean }
        >,
      )
        .filter(([, pkg]) => pkg.hasInstallScript)
        .map(([name, pkg]) => ({ name, dev: pkg.dev })),
    ).toEqual([{ name: 'node_modules/@parcel/watcher', dev: true }]);

    // WHEN it is installed exactly as its README and CI say (npm ci fails if the lockfile does not match
    // package.json), type-checked, tested and synthesized
    timed(tier, 'install', () => runCommand(dir, 'npm', ['ci']));
    timed(tier, 'tsc', () => runCommand(dir, 'npx', ['tsc', '-p', '.']));
    const jestReport = JSON.parse(
      timed(tier, 'test', () =>
        runCommand(dir, 'npx', ['jest', '--ci', '--json']),
      ),
    );
    timed(tier, 'synth', () =>
      runCommand(dir, 'npx', ['cdk', 'synth', '--quiet', '--no-notices']),
    );
    timings[tier].total = Date.now() - started;

    // THEN the repository's own tests ran, the synthesized template is the mesh's, and no registry host leaked
    expect(jestReport.numFailedTests).toBe(0);
    expect(jestReport.numPassedTests).toBe(2);
    const template = JSON.parse(
      fs.readFileSync(
        path.join(
          dir,
          'cdk.out',
          `agent-mesh-${SAMPLE_VALUES[tier].meshName}.template.json`,
        ),
        'utf8',
      ),
    );
    const stateMachineNames = Object.values(
      template.Resources as Record<
        string,
        { Type: string; Properties: { StateMachineName?: string } }
      >,
    )
      .filter(r => r.Type === 'AWS::StepFunctions::StateMachine')
      .map(r => r.Properties.StateMachineName);
    expect(stateMachineNames).toContain(
      `agent-mesh-${SAMPLE_VALUES[tier].meshName}-orchestration`,
    );
    const lock = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
    expect(lock).not.toMatch(/"resolved": "https?:/);
    expect(lock).not.toMatch(/registry/i);
  });
});
