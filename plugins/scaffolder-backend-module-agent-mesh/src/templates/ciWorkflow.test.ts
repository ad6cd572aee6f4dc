import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { SKELETON_DIR } from '../__testUtils__/templateFiles';

/*
 * The generated repository's CI workflow, copied byte for byte from the skeleton (templates.test.ts checks that):
 * its supply chain. Actions are pinned by commit SHA, and dependencies are installed, without install scripts,
 * before the deploy role's credentials exist.
 */
const workflowFile = path.join(SKELETON_DIR, '.github/workflows/ci.yaml');
const source = fs.readFileSync(workflowFile, 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
const workflow = yaml.parse(source) as {
  jobs: Record<string, { steps: Step[]; permissions?: Record<string, string> }>;
};
const jobs = Object.entries(workflow.jobs);
const isInstall = (step: Step) => /\bnpm (ci|install|i)\b/.test(step.run ?? '');
const isCredentials = (step: Step) =>
  (step.uses ?? '').startsWith('aws-actions/configure-aws-credentials@');

describe('the generated repository CI workflow', () => {
  it('pins every action by a full commit SHA with its version tag in a comment', () => {
    const usesLines = source
      .split('\n')
      .filter(line => /^\s*-?\s*uses:/.test(line));
    expect(usesLines.length).toBe(
      jobs.flatMap(([, job]) => job.steps.filter(s => s.uses)).length,
    );
    expect(usesLines.length).toBeGreaterThanOrEqual(5);
    for (const line of usesLines) {
      expect(line).toMatch(
        /^\s*-?\s*uses: [A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/,
      );
    }
  });

  it('installs from the lockfile without install scripts in every job', () => {
    for (const [name, job] of jobs) {
      const installs = job.steps.filter(isInstall);
      expect({ name, installs: installs.map(s => s.run) }).toEqual({
        name,
        installs: ['npm ci --ignore-scripts'],
      });
      const setupNode = job.steps.find(s =>
        (s.uses ?? '').startsWith('actions/setup-node@'),
      );
      expect(setupNode?.with).toMatchObject({ cache: 'npm' });
    }
  });

  it('installs dependencies before the deploy role is assumed, and only the deploy job may assume it', () => {
    const deploy = workflow.jobs.deploy;
    const install = deploy.steps.findIndex(isInstall);
    const credentials = deploy.steps.findIndex(isCredentials);
    expect(install).toBeGreaterThanOrEqual(0);
    expect(credentials).toBeGreaterThan(install);
    expect(deploy.steps.slice(credentials).filter(isInstall)).toEqual([]);
    expect(deploy.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
    });
    for (const [name, job] of jobs) {
      if (name === 'deploy') continue;
      expect(job.steps.some(isCredentials)).toBe(false);
      expect(job.permissions?.['id-token']).toBeUndefined();
    }
  });

  it('checks out without leaving the token in the git config', () => {
    for (const [, job] of jobs) {
      const checkout = job.steps.find(s =>
        (s.uses ?? '').startsWith('actions/checkout@'),
      );
      expect(checkout?.with).toMatchObject({ 'persist-credentials': false });
    }
  });
});
