import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  pendingSnapshotFixture,
  snapshotFixture,
} from '../../__testUtils__/fixtures';
import { AgentsTable } from './AgentsTable';

function renderTable(snapshot = snapshotFixture()) {
  return renderInTestApp(<AgentsTable snapshot={snapshot} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

function agentRow(name: string) {
  return screen
    .getAllByRole('row')
    .find(row => within(row).queryAllByRole('cell')[0]?.textContent === name)!;
}

describe('AgentsTable', () => {
  it('shows each agent with its lane, runs, failure rate and per-lane breakdown', async () => {
    await renderTable();

    expect(screen.getByText('Agents (3)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'conductor' })).toHaveAttribute(
      'href',
      '/catalog/default/component/billing-staging-conductor',
    );

    const critic = agentRow('critic');
    const cells = within(critic).getAllByRole('cell');
    expect(cells.map(c => c.textContent)).toEqual([
      'critic',
      'dry_run',
      '8',
      '4',
      '50.0%',
      'read_only: 4 runs, 0.0% faileddry_run: 4 runs, 100.0% failed',
    ]);

    // An agent without a catalog entity is named without a link; without a KV item it runs read_only.
    const sweeper = agentRow('sweeper');
    expect(within(sweeper).queryByRole('link')).not.toBeInTheDocument();
    expect(
      within(sweeper).getByText('read_only').closest('[title]'),
    ).toHaveAttribute('title', expect.stringContaining('No lane item'));
    expect(within(sweeper).getByText('none')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps the run counts when only the lanes source failed', async () => {
    const snapshot = snapshotFixture({
      lanes: {
        status: 'error',
        error: { name: 'AccessDeniedException', message: 'not authorized' },
      },
    });
    snapshot.agents = snapshot.agents.map(({ lane: _lane, ...agent }) => agent);

    await renderTable(snapshot);

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Lanes unavailable: AccessDeniedException — not authorized',
    );
    const conductor = agentRow('conductor');
    expect(within(conductor).getByText('unknown')).toBeInTheDocument();
    expect(within(conductor).getByText('10.0%')).toBeInTheDocument();
  });

  it('keeps the lanes when only the runs source failed without earlier data', async () => {
    const snapshot = snapshotFixture();
    snapshot.runs = {
      ...snapshot.runs,
      status: 'error',
      error: { name: 'ThrottlingException', message: 'Rate exceeded' },
      fetchedAt: undefined,
    };

    await renderTable(snapshot);

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Runs unavailable: ThrottlingException — Rate exceeded',
    );
    const conductor = agentRow('conductor');
    expect(within(conductor).getByText('execute')).toBeInTheDocument();
    expect(
      within(conductor).getByText('runs not available'),
    ).toBeInTheDocument();
    expect(within(conductor).queryByText('10.0%')).not.toBeInTheDocument();
  });

  it('says the first refresh has not run while pending', async () => {
    await renderTable(pendingSnapshotFixture());

    expect(screen.getByText('Agents (0)')).toBeInTheDocument();
    expect(
      screen.getByText('No agents yet: the first refresh has not run.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getAllByRole('alert')).toHaveLength(2);
  });
});
