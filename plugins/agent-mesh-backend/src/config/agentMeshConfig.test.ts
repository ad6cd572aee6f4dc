import { ConfigReader } from '@backstage/config';
import { readAgentMeshConfig } from './agentMeshConfig';

function read(agentMesh: object) {
  return readAgentMeshConfig(new ConfigReader({ agentMesh }));
}

describe('readAgentMeshConfig', () => {
  it('fills defaults when agentMesh is absent', () => {
    expect(readAgentMeshConfig(new ConfigReader({}))).toEqual({
      refreshFrequency: { minutes: 1 },
      refreshTimeout: { minutes: 5 },
      refreshShards: 4,
      endpoints: {},
      hasAwsCredentialsConfig: false,
      // Real AWS may be reached and no account is configured: none is read.
      accounts: { kind: 'listed', accounts: new Map() },
      runs: {
        statsWindow: { hours: 24 },
        backfill: { hours: 24 },
        retention: { days: 30 },
        historyReadsPerMinute: 30,
      },
      cost: {
        cacheTtl: { hours: 24 },
        maxRequestsPerDay: 4,
        budgets: { small: 100, medium: 500, large: 1000 },
      },
      promotion: expect.any(Object),
      accessCacheTtl: { seconds: 10 },
    });
  });

  it('defaults to more evidence the closer an environment is to prod, and a second person for prod execute', () => {
    const { gates, approvals } = readAgentMeshConfig(
      new ConfigReader({}),
    ).promotion;
    // environment, min successful runs, max failure rate, required artifacts, lanes needing a second person
    const table = (['dev', 'staging', 'prod'] as const).map(env => [
      env,
      gates[env].minSuccessfulRuns,
      gates[env].maxFailureRate,
      gates[env].requiredArtifacts.join(' '),
      approvals.secondPerson[env].join(' '),
    ]);
    expect(table).toEqual([
      ['dev', 3, 0.25, 'evaluation-report.json', ''],
      ['staging', 10, 0.1, 'evaluation-report.json change-review.md', ''],
      ['prod', 20, 0.05, 'evaluation-report.json change-review.md', 'execute'],
    ]);
    // Nothing beyond what the table shows.
    expect(Object.keys(gates)).toEqual(['dev', 'staging', 'prod']);
    expect(Object.keys(approvals.secondPerson)).toEqual(Object.keys(gates));
    for (const gate of Object.values(gates))
      expect(Object.keys(gate).sort()).toEqual([
        'maxFailureRate',
        'minSuccessfulRuns',
        'requiredArtifacts',
      ]);
    expect(approvals.requestLifetime).toEqual({ hours: 24 });
  });

  it('reads promotion gates and approvals per environment, keeping the defaults of keys left out', () => {
    const { promotion } = read({
      promotion: {
        gates: { dev: { minSuccessfulRuns: 0, requiredArtifacts: [] } },
        approvals: {
          secondPerson: { staging: ['execute'], prod: ['dry_run', 'execute'] },
          requestLifetime: '2h',
        },
      },
    });
    expect(promotion.gates.dev).toEqual({
      minSuccessfulRuns: 0,
      maxFailureRate: 0.25,
      requiredArtifacts: [],
    });
    expect(promotion.approvals).toEqual({
      secondPerson: {
        dev: [],
        staging: ['execute'],
        prod: ['dry_run', 'execute'],
      },
      requestLifetime: { hours: 2 },
    });
  });

  it('refuses bad promotion config, naming the key', () => {
    expect(() =>
      read({ promotion: { gates: { qa: { minSuccessfulRuns: 1 } } } }),
    ).toThrow("'agentMesh.promotion.gates.qa'");
    expect(() =>
      read({ promotion: { gates: { prod: { maxFailureRate: 5 } } } }),
    ).toThrow("'agentMesh.promotion.gates.prod.maxFailureRate'");
    expect(() =>
      read({ promotion: { gates: { dev: { minSuccessfulRuns: -1 } } } }),
    ).toThrow("'agentMesh.promotion.gates.dev.minSuccessfulRuns'");
    expect(() =>
      read({
        promotion: { approvals: { secondPerson: { prod: ['read_only'] } } },
      }),
    ).toThrow("'agentMesh.promotion.approvals.secondPerson.prod'");
    expect(() =>
      read({ promotion: { approvals: { requestLifetime: 'soon' } } }),
    ).toThrow("'agentMesh.promotion.approvals.requestLifetime'");
  });

  it('reads durations as objects, short strings and ISO 8601', () => {
    expect(
      read({ refresh: { frequency: { seconds: 30 } } }).refreshFrequency,
    ).toEqual({ seconds: 30 });
    expect(read({ refresh: { frequency: 'PT5M' } }).refreshFrequency).toEqual({
      minutes: 5,
    });
    expect(read({ refresh: { frequency: '2m' } }).refreshFrequency).toEqual({
      minutes: 2,
    });
  });

  it('reads endpoint overrides', () => {
    expect(
      read({
        aws: {
          endpoints: {
            stepFunctions: 'http://localhost:4599',
            costExplorer: 'https://ce.example',
          },
        },
      }).endpoints,
    ).toEqual({
      stepFunctions: 'http://localhost:4599',
      costExplorer: 'https://ce.example',
    });
  });

  it('reads the cost window, budgets and run windows', () => {
    const config = read({
      cost: { cacheTtl: '2h', budgets: { medium: 250 } },
      runs: { window: { hours: 12 }, backfill: 'PT6H', retention: { days: 7 } },
    });
    expect(config.cost).toEqual({
      cacheTtl: { hours: 2 },
      maxRequestsPerDay: 4,
      budgets: { small: 100, medium: 250, large: 1000 },
    });
    expect(config.runs).toEqual({
      statsWindow: { hours: 12 },
      backfill: { hours: 6 },
      retention: { days: 7 },
      historyReadsPerMinute: 30,
    });
  });

  it('notes whether aws credentials config exists', () => {
    expect(
      readAgentMeshConfig(
        new ConfigReader({ aws: { mainAccount: { profile: 'x' } } }),
      ).hasAwsCredentialsConfig,
    ).toBe(true);
  });

  it.each([
    [{ refresh: { frequency: 'often' } }, /agentMesh\.refresh\.frequency/],
    [
      { refresh: { timeout: { minutes: 0 } } },
      /agentMesh\.refresh\.timeout.*longer than zero/,
    ],
    [{ cost: { cacheTtl: 'soon' } }, /agentMesh\.cost\.cacheTtl/],
    [
      { cost: { maxRequestsPerDay: 2 } },
      /agentMesh\.cost\.maxRequestsPerDay.*at least 3/,
    ],
    [
      { cost: { budgets: { huge: 5 } } },
      /agentMesh\.cost\.budgets\.huge.*unknown tier/,
    ],
    [{ cost: { budgets: { small: -5 } } }, /agentMesh\.cost\.budgets\.small/],
    [
      { cost: { budgets: { small: 'lots' } } },
      /agentMesh\.cost\.budgets\.small/,
    ],
    [
      { runs: { window: { days: 2 }, retention: { days: 1 } } },
      /agentMesh\.runs\.retention/,
    ],
    [{ runs: { backfill: 'x' } }, /agentMesh\.runs\.backfill/],
    [
      { aws: { endpoints: { stepFunctions: 'localhost' } } },
      /agentMesh\.aws\.endpoints\.stepFunctions.*http\(s\) URL/,
    ],
    [
      { aws: { endpoints: { lambda: 'http://localhost:1' } } },
      /agentMesh\.aws\.endpoints\.lambda.*unknown service; allowed are stepFunctions/,
    ],
    [
      { aws: { endpoints: { dynamoDb: 42 } } },
      /agentMesh\.aws\.endpoints\.dynamoDb/,
    ],
  ])('refuses %j naming the key', (agentMesh, message) => {
    expect(() => read(agentMesh)).toThrow(message);
  });
});
