import { TIERS } from '@agent-mesh/mesh-model';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';
import {
  awsSolutionsAcknowledgements,
  openViolations,
} from '../testing/validation-report';

describe.each(TIERS)('cdk-nag AwsSolutions on the %s tier', tier => {
  it('synthesizes with zero unacknowledged errors, each acknowledgement with a specific reason', () => {
    // GIVEN the tier with the AwsSolutions pack registered the cdk-nag 3 way
    const { app, outdir } = synthTier(tier, EXAMPLE_PROPS[tier], { nag: true });

    // WHEN the app synthesizes (an unacknowledged error throws here)
    expect(() => app.synth()).not.toThrow();

    // THEN the validation report holds no error
    const violations = openViolations(outdir);
    expect(violations).toEqual(expect.any(Array));
    expect(violations!.filter(v => v.severity === 'error')).toEqual([]);

    // AND every acknowledgement names a rule and explains itself
    const acknowledgements = awsSolutionsAcknowledgements(app);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length).toBeGreaterThan(60);
    }
  });
});
