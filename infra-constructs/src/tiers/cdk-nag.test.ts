import { TIERS } from '@agent-mesh/plugin-agent-mesh-common';
import { Validations } from 'aws-cdk-lib';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';

describe.each(TIERS)('cdk-nag AwsSolutions on the %s tier', tier => {
  it('synthesizes with zero unacknowledged errors, each acknowledgement with a specific reason', () => {
    // GIVEN the tier with the AwsSolutions pack registered the cdk-nag 3 way
    const { app, outdir } = synthTier(tier, EXAMPLE_PROPS[tier], { nag: true });

    // WHEN the app synthesizes (an unacknowledged error throws here)
    expect(() => app.synth()).not.toThrow();

    // THEN the validation report holds no error
    const report = JSON.parse(
      fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'),
    );
    const errors = report.pluginReports
      .flatMap((r: any) => r.violations)
      .filter(
        (v: any) => v.severity === 'error' && v.violatingConstructs.length > 0,
      );
    expect(errors).toEqual([]);

    // AND every acknowledgement names a rule and explains itself
    const acknowledgements = app.node
      .findAll()
      .flatMap(c =>
        c.node.metadata.filter(
          m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
        ),
      )
      .flatMap(m => Object.entries(m.data as Record<string, string>))
      // aws-cdk-lib acknowledges some of its own CloudFormation-Validate warnings; ours are the AwsSolutions ones,
      // stored under the default `Annotation::` namespace.
      .map(([id, reason]) => [id.replace(/^Annotation::/, ''), reason])
      .filter(([id]) => id.startsWith('AwsSolutions-'));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length).toBeGreaterThan(60);
    }
  });
});
