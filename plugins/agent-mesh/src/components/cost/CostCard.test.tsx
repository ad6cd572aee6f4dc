import {
  CostPoint,
  CostSeriesResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentMeshApi, CostQuery } from '../../api';
import { renderWithApi } from '../../__testUtils__/renderWithEntity';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import { CostCard } from './CostCard';

const mesh = { namespace: 'default', name: 'billing-staging' };

function point(
  start: string,
  end: string,
  groups: Record<string, number>,
): CostPoint {
  const entries = Object.entries(groups).map(([key, amount]) => ({
    key,
    amount,
  }));
  return {
    start,
    end,
    total: entries.reduce((sum, g) => sum + g.amount, 0),
    groups: entries,
  };
}

function costResponse(query: CostQuery = {}): CostSeriesResponse {
  const granularity = query.granularity ?? 'DAILY';
  const groupBy = query.groupBy ?? 'SERVICE';
  const groups: Record<string, Record<string, number>> = {
    SERVICE: { 'Amazon ECS': 3, 'AWS Step Functions': 1 },
    AGENT: { conductor: 2.5, critic: 1.5 },
    LANE: { execute: 2, dry_run: 2 },
  };
  const points =
    granularity === 'DAILY'
      ? [
          point('2026-11-24', '2026-11-25', groups[groupBy]),
          point('2026-11-25', '2026-11-26', groups[groupBy]),
        ]
      : [point('2026-11-01', '2026-12-01', groups[groupBy])];
  return {
    status: 'ok',
    fetchedAt: '2026-11-25T06:00:00.000Z',
    entityRef: 'system:default/billing-staging',
    currency: 'USD',
    granularity,
    groupBy,
    points,
    monthToDate: 98.76,
    forecast: { start: '2026-11-25', end: '2026-12-01', amount: 250 },
    budget: 500,
  };
}

function renderCard(api: AgentMeshApi) {
  return renderWithApi(<CostCard mesh={mesh} />, api);
}

describe('CostCard', () => {
  it('shows month to date against the budget and the daily series by service', async () => {
    const api = mockAgentMeshApi({ getCost: async (_m, q) => costResponse(q) });

    await renderCard(api);

    expect(
      await screen.findByRole('row', { name: /^Month to date \$98\.76$/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', {
        name: /^Budget \$500\.00 a month, 19\.8% used/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Forecast for the month \$250\.00$/ }),
    ).toBeInTheDocument();
    expect(api.getCost).toHaveBeenCalledWith(mesh, {
      granularity: 'DAILY',
      groupBy: 'SERVICE',
    });

    const table = screen.getByRole('table', { name: 'Cost by service' });
    const rows = within(table).getAllByRole('row');
    expect(
      within(rows[0])
        .getAllByRole('columnheader')
        .map(c => c.textContent),
    ).toEqual(['Period', 'Amazon ECS', 'AWS Step Functions', 'Total']);
    // Newest period first.
    expect(
      within(rows[1])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['2026-11-25', '$3.00', '$1.00', '$4.00']);
    expect(rows).toHaveLength(3);
  });

  it('asks the API again when the grouping or granularity changes', async () => {
    const api = mockAgentMeshApi({ getCost: async (_m, q) => costResponse(q) });
    await renderCard(api);
    await screen.findByRole('table', { name: 'Cost by service' });

    await userEvent.click(screen.getByRole('button', { name: 'Agent' }));

    expect(
      await screen.findByRole('table', { name: 'Cost by agent' }),
    ).toBeInTheDocument();
    expect(api.getCost).toHaveBeenLastCalledWith(mesh, {
      granularity: 'DAILY',
      groupBy: 'AGENT',
    });
    expect(screen.getByRole('button', { name: 'Agent' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await waitFor(() =>
      expect(
        screen.getByRole('columnheader', { name: 'conductor' }),
      ).toBeInTheDocument(),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Monthly' }));

    await waitFor(() =>
      expect(screen.getByRole('cell', { name: '2026-11' })).toBeInTheDocument(),
    );
    expect(api.getCost).toHaveBeenLastCalledWith(mesh, {
      granularity: 'MONTHLY',
      groupBy: 'AGENT',
    });
  });

  it('warns with the Cost Explorer error and shows no amounts when cost was never read', async () => {
    const api = mockAgentMeshApi({
      getCost: async () => ({
        ...costResponse(),
        status: 'error',
        error: { name: 'LimitExceededException', message: 'Rate exceeded' },
        fetchedAt: undefined,
        points: [],
        monthToDate: 0,
      }),
    });

    await renderCard(api);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Cost unavailable: LimitExceededException — Rate exceeded',
    );
    expect(screen.queryByText(/Month to date/)).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says how old the cost is and that Cost Explorer itself changes only a few times a day', async () => {
    const fetchedAt = new Date(Date.now() - 5 * 3600_000).toISOString();
    const api = mockAgentMeshApi({
      getCost: async (_m, q) => ({ ...costResponse(q), fetchedAt }),
    });

    await renderCard(api);

    expect(
      await screen.findByText(
        /^Read from Cost Explorer 5 h ago \(.+\); Cost Explorer updates its data a few times a day$/,
      ),
    ).toBeInTheDocument();
  });

  it('is pending before the first Cost Explorer read', async () => {
    const api = mockAgentMeshApi({
      getCost: async () => ({
        ...costResponse(),
        status: 'pending',
        fetchedAt: undefined,
        points: [],
        monthToDate: 0,
      }),
    });

    await renderCard(api);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Cost not read yet: the first refresh has not run',
    );
    expect(screen.queryByText(/Month to date/)).not.toBeInTheDocument();
  });
});
