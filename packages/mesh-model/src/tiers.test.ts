import { LANES, laneRank } from './lanes';
import { isTier, TIER_FACTS, TIER_LANES, TIERS } from './tiers';

describe('tiers', () => {
  it.each([
    ['small', true],
    ['large', true],
    ['Large', false],
    ['huge', false],
    [undefined, false],
  ])('isTier(%p) is %p', (value, expected) => {
    expect(isTier(value)).toBe(expected);
  });

  it('gives small two lanes and no gate, medium and large every lane and the gate', () => {
    expect(TIER_LANES).toEqual({
      small: ['read_only', 'dry_run'],
      medium: [...LANES],
      large: [...LANES],
    });
    expect(TIERS.map(t => TIER_FACTS[t].approvalGate)).toEqual([
      false,
      true,
      true,
    ]);
  });

  it.each(TIERS)('keeps the %s lanes in promotion order', tier => {
    const ranks = TIER_FACTS[tier].lanes.map(laneRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('has a gate exactly where there is an execute lane', () => {
    for (const tier of TIERS) {
      expect(TIER_FACTS[tier].approvalGate).toBe(
        TIER_FACTS[tier].lanes.includes('execute'),
      );
    }
  });

  it('sells the tiers in adjoining bands, each default budget at the top of its band', () => {
    expect(TIERS.map(t => TIER_FACTS[t].monthlyCostBandUsd)).toEqual([
      { min: 30, max: 100 },
      { min: 100, max: 500 },
      { min: 500 },
    ]);
    expect(TIERS.map(t => TIER_FACTS[t].defaultMonthlyBudgetUsd)).toEqual([
      100, 500, 1000,
    ]);
    for (const tier of TIERS) {
      const { monthlyCostBandUsd: band, defaultMonthlyBudgetUsd } =
        TIER_FACTS[tier];
      expect(defaultMonthlyBudgetUsd).toBeGreaterThan(band.min);
      expect(defaultMonthlyBudgetUsd).toBeLessThanOrEqual(
        band.max ?? Number.POSITIVE_INFINITY,
      );
    }
  });

  it('keeps the ML features, the detailed dashboard and two NAT gateways for large', () => {
    expect(TIERS.filter(t => TIER_FACTS[t].mlFeatures)).toEqual(['large']);
    expect(TIERS.filter(t => TIER_FACTS[t].detailedDashboard)).toEqual([
      'large',
    ]);
    expect(TIERS.map(t => TIER_FACTS[t].natGateways)).toEqual([0, 1, 2]);
    expect(TIERS.filter(t => !TIER_FACTS[t].integrations)).toEqual(['small']);
    expect(TIERS.filter(t => !TIER_FACTS[t].alarmTopic)).toEqual(['small']);
  });
});
