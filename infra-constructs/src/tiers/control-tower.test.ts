import { TIERS, Tier } from '@agent-mesh/mesh-model';
import {
  GuardFinding,
  cfnGuardUnavailable,
  runControlTowerGuard,
} from '../testing/cfn-guard';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';
import { GUARD_REASONS_METADATA } from '../validation/control-tower-suppressions';

const unavailable = cfnGuardUnavailable();
if (unavailable) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping the Control Tower checks: ${unavailable}`);
}
const describeGuard = unavailable ? describe.skip : describe;

type Resources = Record<
  string,
  { Type: string; Metadata?: Record<string, any> }
>;

describeGuard("AWS Control Tower's proactive controls (cfn-guard)", () => {
  const results: Partial<
    Record<Tier, { resources: Resources; findings: GuardFinding[] }>
  > = {};
  beforeAll(async () => {
    // GIVEN each tier's example stack, synthesized
    for (const tier of TIERS) {
      const template = synthTier(tier, EXAMPLE_PROPS[tier]).template.toJSON();
      // WHEN cfn-guard runs the Control Tower rules over it
      results[tier] = {
        resources: template.Resources,
        findings: await runControlTowerGuard(template),
      };
    }
  }, 120_000);

  it.each(TIERS)('the %s tier has no unsuppressed failure', tier => {
    // THEN nothing fails that is neither fixed nor suppressed in the resource's Metadata
    const { resources, findings } = results[tier]!;
    expect(
      findings
        .filter(f => !f.suppressed)
        .map(f => `${f.rule} on ${resources[f.resource]?.Type} ${f.resource}`),
    ).toEqual([]);
  });

  it.each(TIERS)('the %s tier gives a reason for every suppression', tier => {
    // THEN each rule in guard.SuppressedRules has a written reason in guardReasons
    const { resources } = results[tier]!;
    const missing: string[] = [];
    let suppressions = 0;
    for (const [id, resource] of Object.entries(resources)) {
      const rules: string[] = resource.Metadata?.guard?.SuppressedRules ?? [];
      const reasons: Record<string, string> =
        resource.Metadata?.[GUARD_REASONS_METADATA] ?? {};
      for (const rule of rules) {
        suppressions++;
        if (!(reasons[rule]?.trim().length >= 20))
          missing.push(`${rule} on ${id}`);
      }
    }
    expect(missing).toEqual([]);
    expect(suppressions).toBeGreaterThan(0);
  });

  it('fixes the controls the mesh can meet instead of suppressing them', () => {
    // THEN the alarm-topic key and the subnets are not suppressed: they comply
    for (const tier of TIERS) {
      for (const resource of Object.values(results[tier]!.resources)) {
        const rules: string[] = resource.Metadata?.guard?.SuppressedRules ?? [];
        expect(rules).not.toContain('kms_create_grant_aws_service_check');
        expect(rules).not.toContain(
          'subnet_auto_assign_public_ip_disabled_check',
        );
      }
    }
  });
});
