import { MetricSeries } from '@agent-mesh/plugin-agent-mesh-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  pendingSnapshotFixture,
  snapshotFixture,
} from '../../__testUtils__/fixtures';
import { MetricsCard, metricRows } from './MetricsCard';

function series(id: string, label: string, values: number[]): MetricSeries {
  return {
    id,
    label,
    timestamps: values.map((_, i) =>
      new Date(Date.UTC(2026, 10, 25, 11, i * 5)).toISOString(),
    ),
    values,
  };
}

describe('MetricsCard', () => {
  it('draws one chart per series, each named by its label', async () => {
    const snapshot = snapshotFixture();
    snapshot.metrics.series = [
      series('started', 'Runs started', [3, 4, 2]),
      series('failed', 'Runs failed', [0, 1, 0]),
      series('throttled', 'Throttled', []),
    ];
    await renderInTestApp(<MetricsCard snapshot={snapshot} />);

    expect(screen.getByText('Per 5 min, hours in UTC')).toBeInTheDocument();
    const started = screen.getByRole('figure', { name: 'Runs started' });
    expect(within(started).getByText('— 9 in the window')).toBeInTheDocument();
    expect(
      within(screen.getByRole('figure', { name: 'Runs failed' })).getByText(
        '— 1 in the window',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('figure', { name: 'Throttled' })).getByText(
        '— no data points',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('figure')).toHaveLength(3);
  });

  it('orders points by time and labels them in UTC', () => {
    const s: MetricSeries = {
      id: 'started',
      label: 'Runs started',
      timestamps: ['2026-11-25T11:05:00.000Z', '2026-11-25T11:00:00.000Z'],
      values: [2, 1],
    };
    expect(metricRows(s)).toEqual([
      { time: '11:00', value: 1 },
      { time: '11:05', value: 2 },
    ]);
  });

  it('says when no metrics were read', async () => {
    await renderInTestApp(<MetricsCard snapshot={snapshotFixture()} />);
    expect(
      screen.getByText('No metrics were read for this mesh.'),
    ).toBeInTheDocument();
  });

  it('warns with the AWS error and keeps the last good series', async () => {
    const snapshot = snapshotFixture();
    snapshot.metrics = {
      status: 'error',
      error: { name: 'ThrottlingException', message: 'Rate exceeded' },
      fetchedAt: '2026-11-25T11:00:00.000Z',
      periodSeconds: 300,
      series: [series('started', 'Runs started', [1])],
    };
    await renderInTestApp(<MetricsCard snapshot={snapshot} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Metrics unavailable: ThrottlingException — Rate exceeded',
    );
    expect(
      screen.getByRole('figure', { name: 'Runs started' }),
    ).toBeInTheDocument();
  });

  it('says the first refresh has not run while pending', async () => {
    await renderInTestApp(<MetricsCard snapshot={pendingSnapshotFixture()} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Metrics not read yet: the first refresh has not run',
    );
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });
});
