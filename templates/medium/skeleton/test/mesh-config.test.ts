import { parseMeshConfig } from '../lib/mesh-config';

const valid = {
  meshId: 'billing-dev',
  tier: 'small',
  environment: 'dev',
  awsAccountId: '123456789012',
  region: 'eu-west-1',
  agents: ['conductor', 'critic', 'sweeper'],
  initialLane: 'read_only',
  monthlyBudgetUsd: 100,
  alarmEmail: null,
  integrations: [],
};

describe('parseMeshConfig', () => {
  it('reads a valid configuration, treating a null alarm e-mail as none', () => {
    expect(parseMeshConfig(valid)).toEqual({ ...valid, alarmEmail: undefined });
  });

  it('lists every shape problem at once', () => {
    expect(() =>
      parseMeshConfig({
        ...valid,
        tier: 'huge',
        agents: 'conductor',
        awsAccountId: '12345',
      }),
    ).toThrow(
      /tier must be one of small, medium, large[\s\S]*agents must be a list[\s\S]*awsAccountId must be the 12 digits/,
    );
  });

  it('refuses anything but an object', () => {
    expect(() => parseMeshConfig([valid])).toThrow(/must hold a JSON object/);
  });
});
