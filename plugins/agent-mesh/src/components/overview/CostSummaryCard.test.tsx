import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  pendingSnapshotFixture,
  snapshotFixture,
} from '../../__testUtils__/fixtures';
import { CostSummaryCard } from './CostSummaryCard';

describe('CostSummaryCard', () => {
  it('shows month to date against the budget with the percent used, and the forecast', async () => {
    await renderInTestApp(<CostSummaryCard snapshot={snapshotFixture()} />);

    expect(
      screen.getByRole('row', { name: /^Month to date \$123\.45$/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', {
        name: /^Budget \$500\.00 a month, 24\.7% used/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', {
        name: 'Share of the monthly budget used',
      }),
    ).toHaveAttribute('aria-valuenow', '25');
    expect(
      screen.getByRole('row', { name: /^Forecast for the month \$410\.20$/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Currency USD$/ }),
    ).toBeInTheDocument();
  });

  it('says when the forecast is over budget', async () => {
    const snapshot = snapshotFixture();
    snapshot.cost.summary = {
      currency: 'USD',
      monthToDate: 450,
      forecastMonth: 620,
      budget: 500,
      percentOfBudget: 90,
    };

    await renderInTestApp(<CostSummaryCard snapshot={snapshot} />);

    expect(
      screen.getByRole('row', {
        name: /^Forecast for the month \$620\.00, over budget$/,
      }),
    ).toBeInTheDocument();
  });

  it('shows the Cost Explorer error and no amounts when cost was never read', async () => {
    const snapshot = snapshotFixture({
      cost: {
        status: 'error',
        error: { name: 'AccessDeniedException', message: 'ce:GetCostAndUsage' },
      },
    });

    await renderInTestApp(<CostSummaryCard snapshot={snapshot} />);

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Cost unavailable: AccessDeniedException — ce:GetCostAndUsage',
    );
    expect(screen.queryByText(/Month to date/)).not.toBeInTheDocument();
  });

  it('is pending before the first refresh', async () => {
    await renderInTestApp(
      <CostSummaryCard snapshot={pendingSnapshotFixture()} />,
    );

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Cost not read yet: the first refresh has not run',
    );
    expect(screen.queryByText(/Month to date/)).not.toBeInTheDocument();
  });
});
