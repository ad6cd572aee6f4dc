import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { agentMeshApiRef } from '../../api';
import {
  failingGateReportFixture,
  gateReportFixture,
  pendingSnapshotFixture,
  runsFailedSnapshotFixture,
  snapshotFixture,
} from '../../__testUtils__/fixtures';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';

const MESH = { namespace: 'default', name: 'billing-staging' };
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
  it('shows each agent in a grid by lane: its lane highlighted in its column, runs per lane, health and failure rate', async () => {
    await renderTable();

    expect(screen.getByText('Agents (3)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'conductor' })).toHaveAttribute(
      'href',
      '/catalog/default/component/billing-staging-conductor',
    );

    const critic = agentRow('critic');
    const cells = within(critic).getAllByRole('cell');
    expect(screen.getAllByRole('columnheader').map(c => c.textContent)).toEqual(
      [
        'Agent',
        'read_only',
        'dry_run',
        'execute',
        'Health',
        'Runs',
        'Failed',
        'Failure rate',
      ],
    );
    expect(cells.map(c => c.textContent)).toEqual([
      'critic',
      '4 runs, 0.0% failed',
      'dry_run4 runs, 100.0% failed',
      '',
      'in ALARM',
      '8',
      '4',
      '50.0%',
    ]);
    // The agent's lane is highlighted in its own column only.
    expect(cells[2]).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(cells[2].getAttribute('style')).toContain('background-color');
    expect(cells[1].getAttribute('style')).not.toContain('background-color');

    // An agent without a catalog entity is named without a link; without a KV item it runs read_only.
    const sweeper = agentRow('sweeper');
    expect(within(sweeper).queryByRole('link')).not.toBeInTheDocument();
    expect(
      within(sweeper).getByText('read_only').closest('[title]'),
    ).toHaveAttribute('title', expect.stringContaining('No lane item'));
    expect(within(sweeper).getByText('no runs')).toBeInTheDocument();
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
    const snapshot = runsFailedSnapshotFixture({ neverAnswered: true });

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

  it('checks an agent’s gates only when asked, and says whether it is ready to promote', async () => {
    const api = mockAgentMeshApi({
      getPromotionGates: async (_mesh, agent) =>
        agent === 'critic'
          ? failingGateReportFixture()
          : gateReportFixture({ agent, from: 'read_only', to: 'dry_run' }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[agentMeshApiRef, api]]}>
        <AgentsTable snapshot={snapshotFixture()} mesh={MESH} />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(api.getPromotionGates).not.toHaveBeenCalled();
    // The top lane has nothing to promote to.
    expect(
      within(agentRow('conductor')).getByText('top lane'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Check gates of sweeper' }),
    );
    expect(
      await within(agentRow('sweeper')).findByText(
        'ready to promote to dry_run',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Check gates of critic' }),
    );
    const critic = within(agentRow('critic'));
    expect(await critic.findByText(/^not ready for/)).toBeInTheDocument();
    expect(critic.getByText(/^failing: /)).toBeInTheDocument();
    expect(api.getPromotionGates).toHaveBeenCalledWith(MESH, 'critic');
    expect(api.getPromotionGates).toHaveBeenCalledTimes(2);
  });

  it('shows why the gates could not be read', async () => {
    const api = mockAgentMeshApi({
      getPromotionGates: async () => {
        throw new Error('gates route down');
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[agentMeshApiRef, api]]}>
        <AgentsTable snapshot={snapshotFixture()} mesh={MESH} />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Check gates of critic' }),
    );
    expect(
      await screen.findByText('Gates unavailable: gates route down'),
    ).toBeInTheDocument();
  });

  it('narrows the grid to one agent', async () => {
    await renderInTestApp(
      <AgentsTable snapshot={snapshotFixture()} agent="critic" />,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(screen.getByText('Agent critic')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'critic' })).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'conductor' }),
    ).not.toBeInTheDocument();
  });

  it('keeps the last good run counts under the warning when the runs source failed after a good read', async () => {
    const snapshot = runsFailedSnapshotFixture();
    await renderTable(snapshot);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Runs unavailable: ThrottlingException — Rate exceeded',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      /Showing what was read at/,
    );
    expect(
      within(agentRow('conductor')).getByText('10.0%'),
    ).toBeInTheDocument();
  });
});
