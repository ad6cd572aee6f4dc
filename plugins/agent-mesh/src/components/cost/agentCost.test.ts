import { CostSeriesResponse } from '@agent-mesh/plugin-agent-mesh-common';
import { agentCostFixture } from '../../__testUtils__/fixtures';
import { agentCostSeries } from './agentCost';

/** A day of cost by agent: `start` to the next day, with these agents' amounts. */
function day(start: string, amounts: Record<string, number>) {
  const groups = Object.entries(amounts).map(([key, amount]) => ({
    key,
    amount,
  }));
  const next = new Date(Date.parse(start) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  return {
    start,
    end: next,
    total: groups.reduce((sum, g) => sum + g.amount, 0),
    groups,
  };
}

const response: CostSeriesResponse = agentCostFixture({
  points: [
    day('2026-10-31', { critic: 4, conductor: 5 }),
    day('2026-11-01', { critic: 1.25, conductor: 2.25 }),
    day('2026-11-02', { conductor: 2 }),
  ],
  monthToDate: 5.5,
  forecast: { start: '2026-11-25', end: '2026-12-01', amount: 40 },
});

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
