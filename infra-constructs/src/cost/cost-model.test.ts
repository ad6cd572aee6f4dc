import { TIERS, TIER_FACTS } from '@agent-mesh/mesh-model';
import { TIER_COST_BANDS, estimateMonthlyCost } from './cost-model';
import { US_EAST_1_PRICES } from './prices';

describe('estimateMonthlyCost', () => {
  it.each(TIERS)('puts the %s tier inside its cost band', tier => {
    const estimate = estimateMonthlyCost(tier);
    const band = TIER_COST_BANDS[tier];
    expect(estimate.totalUsd).toBeGreaterThanOrEqual(band.min);
    expect(estimate.totalUsd).toBeLessThanOrEqual(
      band.max ?? Number.POSITIVE_INFINITY,
    );
    const sum = estimate.lineItems.reduce((s, i) => s + i.monthlyUsd, 0);
    expect(estimate.totalUsd).toBeCloseTo(sum, 2);
  });

  it('itemizes by service, with the ML database only in large', () => {
    expect(
      estimateMonthlyCost('small').lineItems.map(i => i.service),
    ).not.toContain('Aurora Serverless v2');
    const aurora = estimateMonthlyCost('large').lineItems.find(
      i => i.service === 'Aurora Serverless v2',
    )!;
    // 1 instance x 2 ACU x 730 h x 0.12 USD + 50 GB x 0.10 + 20M I/O x 0.20
    expect(aurora.monthlyUsd).toBeCloseTo(2 * 730 * 0.12 + 5 + 4, 2);
  });

  it('follows the usage assumptions', () => {
    const base = estimateMonthlyCost('medium');
    const noNat = estimateMonthlyCost('medium', {
      natGateways: 0,
      natGbPerMonth: 0,
    });
    expect(base.totalUsd - noNat.totalUsd).toBeCloseTo(
      730 * US_EAST_1_PRICES.natGatewayHour +
        100 * US_EAST_1_PRICES.natGatewayGb,
      1,
    );
    expect(
      estimateMonthlyCost('small', { runsPerDay: 400 }).totalUsd,
    ).toBeGreaterThan(estimateMonthlyCost('small').totalUsd);
  });

  it.each(TIERS)(
    "assumes the %s tier's own NAT gateways, alarm-topic key and ML database",
    tier => {
      const facts = TIER_FACTS[tier];
      expect(estimateMonthlyCost(tier).assumptions).toMatchObject({
        natGateways: facts.natGateways,
        publicIpTasks: facts.natGateways === 0,
        kmsKeys: facts.alarmTopic ? 1 : 0,
        auroraInstances: facts.mlFeatures ? 1 : 0,
      });
    },
  );

  it('uses the bands of the tier facts', () => {
    for (const tier of TIERS) {
      expect(TIER_COST_BANDS[tier]).toEqual(
        TIER_FACTS[tier].monthlyCostBandUsd,
      );
    }
  });
});
