import { Tier } from '@agent-mesh/plugin-agent-mesh-common';

/** A valid mesh.config.json for a tier, with overrides. */
export function meshConfigJson(
  tier: Tier = 'small',
  overrides: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    meshId: `${tier}-test`,
    tier,
    environment: 'dev',
    awsAccountId: '123456789012',
    region: 'eu-west-1',
    agents: ['conductor', 'critic', 'sweeper', 'lambda-expert'],
    initialLane: 'read_only',
    monthlyBudgetUsd: 100,
    alarmEmail: null,
    integrations: [],
    ...overrides,
  });
}
