import { CostSeriesResponse } from '@agent-mesh/plugin-agent-mesh-common';
import { agentCostSeries } from './agentCost';

const response: CostSeriesResponse = {
  status: 'ok',
  fetchedAt: '2026-11-25T06:00:00.000Z',
  entityRef: 'system:default/billing-staging',
  currency: 'USD',
  granularity: 'DAILY',
  groupBy: 'AGENT',
  points: [
    {
      start: '2026-10-31',
      end: '2026-11-01',
      total: 9,
      groups: [
        { key: 'critic', amount: 4 },
        { key: 'conductor', amount: 5 },
      ],
    },
    {
      start: '2026-11-01',
      end: '2026-11-02',
      total: 3.5,
      groups: [
        { key: 'critic', amount: 1.25 },
        { key: 'conductor', amount: 2.25 },
      ],
    },
    {
      start: '2026-11-02',
      end: '2026-11-03',
      total: 2,
      groups: [{ key: 'conductor', amount: 2 }],
    },
  ],
  monthToDate: 5.5,
  budget: 300,
  forecast: { start: '2026-11-25', end: '2026-12-01', amount: 40 },
};

describe('agentCostSeries', () => {
  it('keeps only the agent’s groups and sums its month to date', () => {
    const critic = agentCostSeries(response, 'critic');
    expect(critic.points.map(p => [p.start, p.total])).toEqual([
      ['2026-10-31', 4],
      ['2026-11-01', 1.25],
      ['2026-11-02', 0],
    ]);
    expect(critic.monthToDate).toBe(1.25);
    expect(critic.budget).toBeUndefined();
    expect(critic.forecast).toBeUndefined();
  });

  it('gives zero for an agent without cost', () => {
    expect(agentCostSeries(response, 'sweeper').monthToDate).toBe(0);
  });
});
