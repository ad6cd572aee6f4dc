import { estimateMonthlyCost } from '@agent-mesh/infra-constructs';
import {
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { clientsFor, startTestAws } from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

const MESH = { Tags: { Key: 'agent-mesh:mesh', Values: ['billing-staging'] } };

describe('Cost Explorer over the real SDK client (JSON 1.1)', () => {
  let running: RunningLocalAws;
  let ce: ReturnType<typeof clientsFor>['costExplorer'];

  beforeAll(async () => {
    running = await startTestAws({ historyDays: 30 });
    ce = clientsFor(running, 'us-east-1').costExplorer;
  });
  afterAll(() => running.close());

  it('accrues about the cost model estimate per month for the tier', async () => {
    const result = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2025-11-01', End: '2025-11-24' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        Filter: MESH,
      }),
    );
    const amount = Number(result.ResultsByTime![0].Total!.UnblendedCost.Amount);
    const expected = (estimateMonthlyCost('medium').totalUsd / 30.42) * 23;
    expect(amount).toBeGreaterThan(expected * 0.75);
    expect(amount).toBeLessThan(expected * 1.25);
    expect(result.ResultsByTime![0].Total!.UnblendedCost.Unit).toBe('USD');
  });

  it('groups daily cost by agent tag and by service as AWS names them', async () => {
    const byAgent = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2025-11-20', End: '2025-11-23' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: MESH,
        GroupBy: [{ Type: 'TAG', Key: 'agent-mesh:agent' }],
      }),
    );
    expect(byAgent.ResultsByTime).toHaveLength(3);
    const keys = byAgent.ResultsByTime![0].Groups!.map(g => g.Keys![0]);
    expect(keys).toEqual(
      expect.arrayContaining([
        'agent-mesh:agent$conductor',
        'agent-mesh:agent$shared',
        'agent-mesh:agent$s3-expert',
      ]),
    );
    const byService = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2025-11-20', End: '2025-11-21' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: {
          And: [
            MESH,
            { Tags: { Key: 'agent-mesh:lane', Values: ['execute'] } },
          ],
        },
        GroupBy: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'TAG', Key: 'agent-mesh:lane' },
        ],
      }),
    );
    const services = byService.ResultsByTime![0].Groups!.map(g => g.Keys![0]);
    expect(services).toEqual(
      expect.arrayContaining([
        'Amazon Elastic Container Service',
        'AWS Step Functions',
        'Amazon DynamoDB',
      ]),
    );
    expect(
      byService.ResultsByTime![0].Groups!.every(
        g => g.Keys![1] === 'agent-mesh:lane$execute',
      ),
    ).toBe(true);
  });

  it('pages long grouped answers with NextPageToken', async () => {
    const request = {
      TimePeriod: { Start: '2025-10-26', End: '2025-11-24' },
      Granularity: 'DAILY' as const,
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'TAG' as const, Key: 'agent-mesh:agent' },
        { Type: 'DIMENSION' as const, Key: 'SERVICE' },
      ],
    };
    const first = await ce.send(new GetCostAndUsageCommand(request));
    expect(first.NextPageToken).toEqual(expect.stringMatching(/.+/));
    const periods = [...first.ResultsByTime!];
    let token = first.NextPageToken;
    while (token) {
      const page = await ce.send(
        new GetCostAndUsageCommand({ ...request, NextPageToken: token }),
      );
      periods.push(...page.ResultsByTime!);
      token = page.NextPageToken;
    }
    expect(periods.map(p => p.TimePeriod!.Start)).toHaveLength(29);
    expect(new Set(periods.map(p => p.TimePeriod!.Start)).size).toBe(29);
  });

  it('forecasts from recent spend and refuses a bad period', async () => {
    const forecast = await ce.send(
      new GetCostForecastCommand({
        TimePeriod: { Start: '2025-11-24', End: '2025-12-01' },
        Metric: 'UNBLENDED_COST',
        Granularity: 'DAILY',
        Filter: MESH,
      }),
    );
    expect(forecast.ForecastResultsByTime).toHaveLength(7);
    const daily = estimateMonthlyCost('medium').totalUsd / 30.42;
    expect(Number(forecast.Total!.Amount)).toBeGreaterThan(daily * 7 * 0.7);
    expect(Number(forecast.Total!.Amount)).toBeLessThan(daily * 7 * 1.3);
    await expect(
      ce.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: '2025-11-10', End: '2025-11-01' },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ce.send(
        new GetCostForecastCommand({
          TimePeriod: { Start: '2025-11-01', End: '2025-12-01' },
          Metric: 'UNBLENDED_COST',
          Granularity: 'MONTHLY',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
