import { CostBundle } from '../aws/costExplorerService';
import { costSeries, costSummary } from './costSeries';

const bundle: CostBundle = {
  currency: 'USD',
  start: '2026-10-30',
  end: '2026-11-03',
  byService: [
    { date: '2026-10-31', key: 'Amazon ECS', amount: 10 },
    { date: '2026-11-01', key: 'Amazon ECS', amount: 4 },
    { date: '2026-11-01', key: 'AWS Step Functions', amount: 1 },
    { date: '2026-11-02', key: 'Amazon ECS', amount: 2 },
  ],
  byAgentLane: [
    { date: '2026-11-01', agent: 'conductor', lane: 'execute', amount: 3 },
    { date: '2026-11-01', agent: 'critic', lane: 'execute', amount: 2 },
    { date: '2026-11-02', agent: 'critic', lane: 'dry_run', amount: 2 },
  ],
  forecast: { start: '2026-11-02', end: '2026-12-01', amount: 50 },
};

/** An expected point of the series: its groups in order, its total their sum. */
function point(start: string, end: string, groups: Record<string, number>) {
  const entries = Object.entries(groups);
  const total = entries.reduce((sum, [, amount]) => sum + amount, 0);
  return {
    start,
    end,
    total,
    groups: entries.map(([key, amount]) => ({ key, amount })),
  };
}

describe('costSeries', () => {
  it('lists every day, empty ones included, split by service', () => {
    expect(costSeries(bundle, 'DAILY', 'SERVICE')).toEqual([
      point('2026-10-30', '2026-10-31', {}),
      point('2026-10-31', '2026-11-01', { 'Amazon ECS': 10 }),
      point('2026-11-01', '2026-11-02', {
        'Amazon ECS': 4,
        'AWS Step Functions': 1,
      }),
      point('2026-11-02', '2026-11-03', { 'Amazon ECS': 2 }),
    ]);
  });

  it('sums months by agent and by lane', () => {
    expect(costSeries(bundle, 'MONTHLY', 'AGENT')).toEqual([
      point('2026-10-01', '2026-11-01', {}),
      point('2026-11-01', '2026-12-01', { critic: 4, conductor: 3 }),
    ]);
    expect(costSeries(bundle, 'MONTHLY', 'LANE')[1].groups).toEqual([
      { key: 'execute', amount: 5 },
      { key: 'dry_run', amount: 2 },
    ]);
  });

  it('gives month to date, the month forecast and the share of the budget', () => {
    expect(costSummary(bundle, new Date('2026-11-02T08:00:00Z'), 100)).toEqual({
      currency: 'USD',
      monthToDate: 7,
      forecastMonth: 55,
      budget: 100,
      percentOfBudget: 7,
    });
    // A forecast from last month is not this month's.
    expect(
      costSummary(bundle, new Date('2026-12-01T08:00:00Z'), undefined),
    ).toEqual({
      currency: 'USD',
      monthToDate: 0,
    });
  });
});
