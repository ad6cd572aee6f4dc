/* eslint-disable no-console */
// Synthesizes each tier several times and prints how long it takes, with and without cdk-nag.
// Run: yarn workspace @agent-mesh/infra-constructs bench [runs]
import { TIERS } from '@agent-mesh/mesh-model';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_PROPS } from '../src/testing/synth';
import { TIER_STACKS } from '../src/tiers/tier-stacks';

const runs = Number(process.argv[2] ?? 5);

function synthOnce(tier: (typeof TIERS)[number], nag: boolean): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-mesh-bench-'));
  const started = process.hrtime.bigint();
  const app = new App({ outdir });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  new TIER_STACKS[tier](
    app,
    `agent-mesh-${EXAMPLE_PROPS[tier].meshId}`,
    EXAMPLE_PROPS[tier],
  );
  app.synth();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0],
    median: sorted[Math.floor(sorted.length / 2)],
    max: sorted[sorted.length - 1],
  };
};

console.log(
  `node ${process.version}, ${
    os.cpus().length
  } CPUs, ${runs} runs per row after the first (cold) one`,
);
console.log('tier    cdk-nag  first ms  min ms  median ms  max ms');
for (const tier of TIERS) {
  for (const nag of [false, true]) {
    const first = synthOnce(tier, nag);
    const s = stats(Array.from({ length: runs }, () => synthOnce(tier, nag)));
    console.log(
      `${tier.padEnd(8)}${(nag ? 'yes' : 'no').padEnd(9)}${first
        .toFixed(0)
        .padStart(8)}${s.min.toFixed(0).padStart(6)}${s.median
        .toFixed(0)
        .padStart(11)}${s.max.toFixed(0).padStart(8)}`,
    );
  }
}
