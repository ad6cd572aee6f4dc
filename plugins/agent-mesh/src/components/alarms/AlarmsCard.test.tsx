import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  FIXTURE_ALARMS,
  pendingSnapshotFixture,
  snapshotFixture,
} from '../../__testUtils__/fixtures';
import { AlarmsCard } from './AlarmsCard';

describe('AlarmsCard', () => {
  it('lists alarms with those in ALARM first, with state, agent and reason', async () => {
    await renderInTestApp(<AlarmsCard snapshot={snapshotFixture()} />);

    expect(screen.getByText('1 in ALARM of 2')).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Alarms' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('ALARM')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText(FIXTURE_ALARMS.criticTaskFailures),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('critic')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText(
        'Threshold Crossed: 3 datapoints were greater than 2',
      ),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('OK')).toBeInTheDocument();
  });

  it('keeps the agent on one line and wraps names and reasons between words only', async () => {
    await renderInTestApp(<AlarmsCard snapshot={snapshotFixture()} />);

    const table = screen.getByRole('table', { name: 'Alarms' });
    const row = within(within(table).getAllByRole('row')[1]);
    expect(row.getByText('critic')).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(row.getByText(FIXTURE_ALARMS.criticTaskFailures)).toHaveStyle({
      wordBreak: 'normal',
      overflowWrap: 'normal',
    });
    expect(table.parentElement).toHaveStyle({ overflow: 'auto' });
  });

  it('warns with the AWS error and keeps the last good alarms when the source failed after a good read', async () => {
    const snapshot = snapshotFixture();
    snapshot.alarms = {
      ...snapshot.alarms,
      status: 'error',
      error: { name: 'ThrottlingException', message: 'Rate exceeded' },
    };

    await renderInTestApp(<AlarmsCard snapshot={snapshot} />);

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Alarms unavailable: ThrottlingException — Rate exceeded',
    );
    expect(screen.getByRole('table', { name: 'Alarms' })).toBeInTheDocument();
  });

  it('shows only the warning when the source failed before any good read', async () => {
    const snapshot = snapshotFixture();
    snapshot.alarms = {
      status: 'error',
      error: { name: 'AccessDenied', message: 'no cloudwatch:DescribeAlarms' },
      items: [],
    };

    await renderInTestApp(<AlarmsCard snapshot={snapshot} />);

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Alarms unavailable: AccessDenied — no cloudwatch:DescribeAlarms',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(
      screen.queryByText('The mesh has no alarms.'),
    ).not.toBeInTheDocument();
  });

  it('is pending before the first refresh', async () => {
    await renderInTestApp(<AlarmsCard snapshot={pendingSnapshotFixture()} />);

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Alarms not read yet: the first refresh has not run',
    );
    expect(screen.queryByText(/in ALARM of/)).not.toBeInTheDocument();
  });

  it('says when a mesh has no alarms', async () => {
    const snapshot = snapshotFixture();
    snapshot.alarms = { ...snapshot.alarms, items: [] };

    await renderInTestApp(<AlarmsCard snapshot={snapshot} />);

    expect(screen.getByText('The mesh has no alarms.')).toBeInTheDocument();
    expect(screen.getByText('0 in ALARM of 0')).toBeInTheDocument();
  });

  it('says since when each alarm is in its state and links it to the console of the mesh’s region', async () => {
    const snapshot = snapshotFixture();
    const updatedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    snapshot.alarms.items = snapshot.alarms.items.map(alarm => ({
      ...alarm,
      updatedAt,
    }));
    await renderInTestApp(
      <AlarmsCard snapshot={snapshot} region="eu-west-1" />,
    );

    const rows = within(screen.getByRole('table', { name: 'Alarms' }))
      .getAllByRole('row')
      .slice(1);
    expect(within(rows[0]).getByText('5 min ago')).toBeInTheDocument();
    const link = within(rows[0]).getByRole('link', {
      name: 'Open alarm agent-mesh-billing-staging/agent-critic-task-failures in the AWS console (opens in a new tab)',
    });
    expect(link).toHaveAttribute(
      'href',
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/agent-mesh-billing-staging%2Fagent-critic-task-failures',
    );
    expect(link).toHaveAttribute('target', '_blank');
  });

  it('narrows the alarms to one agent', async () => {
    await renderInTestApp(
      <AlarmsCard snapshot={snapshotFixture()} agent="critic" />,
    );
    expect(screen.getByText('1 in ALARM of 1')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();

    await renderInTestApp(
      <AlarmsCard snapshot={snapshotFixture()} agent="sweeper" />,
    );
    expect(
      screen.getByText('The agent sweeper has no alarms.'),
    ).toBeInTheDocument();
  });
});
