import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { DefaultCostExplorerService } from './costExplorerService';
import {
  awsError,
  TARGET,
  testClientFactory,
} from '../__testUtils__/awsTestClients';

const ce = mockClient(CostExplorerClient);
const NOW = new Date('2026-11-25T12:00:00Z');
const cost = (amount: string) => ({
  UnblendedCost: { Amount: amount, Unit: 'USD' },
});

describe('DefaultCostExplorerService', () => {
  const service = DefaultCostExplorerService.fromConfig(testClientFactory());

  beforeEach(() => ce.reset());

  it('filters by the mesh tag and groups by service and by agent and lane tags, with the forecast', async () => {
    ce.on(GetCostAndUsageCommand, {
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    }).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: '2026-11-24', End: '2026-11-25' },
          Groups: [
            { Keys: ['AWS Step Functions'], Metrics: cost('1.5') },
            { Keys: ['Amazon Elastic Container Service'], Metrics: cost('4') },
          ],
        },
      ],
    });
    ce.on(GetCostAndUsageCommand, {
      GroupBy: [
        { Type: 'TAG', Key: 'agent-mesh:agent' },
        { Type: 'TAG', Key: 'agent-mesh:lane' },
      ],
    })
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2026-11-24', End: '2026-11-25' },
            Groups: [
              {
                Keys: ['agent-mesh:agent$conductor', 'agent-mesh:lane$execute'],
                Metrics: cost('3'),
              },
            ],
          },
        ],
        NextPageToken: 'p2',
      })
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2026-11-24', End: '2026-11-25' },
            Groups: [
              {
                Keys: ['agent-mesh:agent$', 'agent-mesh:lane$'],
                Metrics: cost('2.5'),
              },
            ],
          },
        ],
      });
    ce.on(GetCostForecastCommand).resolves({
      Total: { Amount: '40', Unit: 'USD' },
    });

    const bundle = await service.fetchCost(
      { accountId: TARGET.accountId, meshId: 'billing-dev' },
      NOW,
    );

    expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-09-01', End: '2026-11-26' },
      Granularity: 'DAILY',
      Filter: {
        Tags: {
          Key: 'agent-mesh:mesh',
          Values: ['billing-dev'],
          MatchOptions: ['EQUALS'],
        },
      },
    });
    expect(ce).toHaveReceivedCommandWith(GetCostForecastCommand, {
      TimePeriod: { Start: '2026-11-25', End: '2026-12-01' },
    });
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 3);
    expect(bundle).toEqual({
      currency: 'USD',
      start: '2026-09-01',
      end: '2026-11-26',
      byService: [
        { date: '2026-11-24', key: 'AWS Step Functions', amount: 1.5 },
        {
          date: '2026-11-24',
          key: 'Amazon Elastic Container Service',
          amount: 4,
        },
      ],
      byAgentLane: [
        { date: '2026-11-24', agent: 'conductor', lane: 'execute', amount: 3 },
        {
          date: '2026-11-24',
          agent: 'untagged',
          lane: 'untagged',
          amount: 2.5,
        },
      ],
      forecast: { start: '2026-11-25', end: '2026-12-01', amount: 40 },
    });
  });

  it('keeps the actual cost when there is too little history to forecast', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    ce.on(GetCostForecastCommand).rejects(awsError('DataUnavailableException'));
    const bundle = await service.fetchCost(
      { accountId: TARGET.accountId, meshId: 'billing-dev' },
      NOW,
    );
    expect(bundle.forecast).toBeUndefined();
    expect(bundle.byService).toEqual([]);
  });

  it('fails on throttling and access denied', async () => {
    ce.on(GetCostAndUsageCommand).rejects(awsError('LimitExceededException'));
    await expect(
      service.fetchCost(
        { accountId: TARGET.accountId, meshId: 'billing-dev' },
        NOW,
      ),
    ).rejects.toMatchObject({ name: 'LimitExceededException' });
    ce.reset();
    ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException'));
    await expect(
      service.fetchCost(
        { accountId: TARGET.accountId, meshId: 'billing-dev' },
        NOW,
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
