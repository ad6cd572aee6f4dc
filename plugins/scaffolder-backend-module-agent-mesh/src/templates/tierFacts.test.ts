import fs from 'node:fs';
import yaml from 'yaml';
import { TIER_FACTS, TIERS, Tier } from '@agent-mesh/plugin-agent-mesh-common';
import { templateFile } from '../__testUtils__/templateFiles';

/**
 * A template's YAML cannot import the tier table, so it restates a few of its facts for the form. This test is
 * what keeps the two from drifting apart: change a tier in `@agent-mesh/mesh-model` and the form must follow.
 */
function formProperties(tier: Tier): Record<string, any> {
  const template = yaml.parse(fs.readFileSync(templateFile(tier), 'utf8'));
  return Object.assign(
    {},
    ...template.spec.parameters.map((page: any) => page.properties ?? {}),
  );
}

function bandText(tier: Tier): string {
  const { min, max } = TIER_FACTS[tier].monthlyCostBandUsd;
  return max === undefined ? `${min} to 1000 or more` : `${min} to ${max}`;
}

describe.each(TIERS)('the %s template restates its tier’s facts', tier => {
  const facts = TIER_FACTS[tier];
  const properties = formProperties(tier);

  it('offers exactly the tier’s lanes as initial lanes', () => {
    expect(properties.initialLane.enum).toEqual(facts.lanes);
  });

  it('defaults the budget to the tier’s default and names its cost band', () => {
    expect(properties.monthlyBudgetUsd.default).toBe(
      facts.defaultMonthlyBudgetUsd,
    );
    expect(properties.monthlyBudgetUsd.description).toContain(
      `costs ${bandText(tier)} USD a month`,
    );
  });

  it('offers webhook integrations only where the tier may have them', () => {
    expect(properties.integrations !== undefined).toBe(facts.integrations);
  });
});
