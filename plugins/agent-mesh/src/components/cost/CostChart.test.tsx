import { CostPoint } from '@agent-mesh/plugin-agent-mesh-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { CostChart, costChartRows, FORECAST_SERIES } from './CostChart';

function point(start: string, groups: Record<string, number>): CostPoint {
  const entries = Object.entries(groups).map(([key, amount]) => ({
    key,
    amount,
  }));
  return {
    start,
    end: start,
    total: entries.reduce((sum, g) => sum + g.amount, 0),
    groups: entries,
  };
}

const forecast = { start: '2026-11-25', end: '2026-12-01', amount: 250 };

describe('costChartRows', () => {
  it('stacks the five largest groups and Other, oldest period first', () => {
    const groups = { a: 6, b: 5, c: 4, d: 3, e: 2, f: 1, g: 0.5 };
    const { rows, series } = costChartRows(
      [point('2026-11-24', groups), point('2026-11-25', { a: 1 })],
      'DAILY',
      forecast,
    );

    expect(series).toEqual(['a', 'b', 'c', 'd', 'e', 'Other']);
    expect(rows[0]).toEqual({
      period: '2026-11-24',
      a: 6,
      b: 5,
      c: 4,
      d: 3,
      e: 2,
      Other: 1.5,
    });
    expect(rows[1]).toMatchObject({ period: '2026-11-25', a: 1, Other: 0 });
  });

  it('stacks the unspent rest of the forecast on the current month', () => {
    const { rows, series } = costChartRows(
      [point('2026-10-01', { ECS: 300 }), point('2026-11-01', { ECS: 100 })],
      'MONTHLY',
      forecast,
    );

    expect(series).toEqual(['ECS', FORECAST_SERIES]);
    expect(rows[1]).toEqual({
      period: '2026-11',
      ECS: 100,
      [FORECAST_SERIES]: 150,
    });
  });
});

describe('CostChart', () => {
  it('draws a legend entry per group and names the budget and forecast', async () => {
    await renderInTestApp(
      <CostChart
        points={[
          point('2026-11-01', { 'Amazon ECS': 80, 'AWS Step Functions': 20 }),
        ]}
        currency="USD"
        granularity="MONTHLY"
        groupLabel="service"
        budget={500}
        forecast={forecast}
      />,
    );

    const figure = screen.getByRole('figure', {
      name: 'Cost by service, monthly',
    });
    expect(within(figure).getByText('Amazon ECS')).toBeInTheDocument();
    expect(within(figure).getByText('AWS Step Functions')).toBeInTheDocument();
    expect(within(figure).getByText(FORECAST_SERIES)).toBeInTheDocument();
    expect(
      within(figure).getByText(
        'Budget $500.00 a month · Forecast $250.00 for the month',
      ),
    ).toBeInTheDocument();
  });

  it('gives the budget and forecast per day on a daily series', async () => {
    await renderInTestApp(
      <CostChart
        points={[point('2026-11-24', { conductor: 3 })]}
        currency="USD"
        granularity="DAILY"
        groupLabel="agent"
        budget={300}
        forecast={forecast}
      />,
    );

    expect(
      screen.getByText(
        'Budget $300.00 a month ($10.00 a day) · Forecast $250.00 for the month ($8.33 a day)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('conductor')).toBeInTheDocument();
  });

  it.each([
    ['budget', 'MONTHLY', 500, undefined, 'Budget'],
    ['budget', 'DAILY', 3000, undefined, 'Budget per day'],
    ['forecast', 'DAILY', undefined, 3000, 'Forecast per day'],
  ] as const)(
    'draws the %s line on a %s series even above the highest bar, widening the axis',
    async (_line, granularity, budget, forecastAmount, label) => {
      await renderInTestApp(
        <CostChart
          points={[point('2026-11-01', { conductor: 3 })]}
          currency="USD"
          granularity={granularity}
          groupLabel="agent"
          budget={budget}
          forecast={
            forecastAmount === undefined
              ? undefined
              : { ...forecast, amount: forecastAmount }
          }
        />,
      );

      const figure = screen.getByRole('figure', {
        name: `Cost by agent, ${granularity.toLowerCase()}`,
      });
      // The line's label is drawn, and the axis reaches the line (3000 a month is 100 a day in November).
      expect(within(figure).getByText(label)).toBeInTheDocument();
      const ticks = within(figure)
        .getAllByText(/^\$[\d,]+\.\d{2}$/)
        .map(tick => Number(tick.textContent!.replace(/[$,]/g, '')));
      expect(Math.max(...ticks)).toBeGreaterThanOrEqual(
        granularity === 'MONTHLY' ? 500 : 100,
      );
    },
  );
});
