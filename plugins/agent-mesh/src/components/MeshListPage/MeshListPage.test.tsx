import { MeshListItem } from '@agent-mesh/plugin-agent-mesh-common';
import { meshListItemFixture, runCounts } from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responseError';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentMeshApi, agentMeshApiRef } from '../../api';
import { MeshListPage } from './MeshListPage';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';

const billing = meshListItemFixture({
  owner: 'group:default/team-billing',
  agents: [
    { entityRef: 'component:default/conductor', name: 'conductor' },
    { entityRef: 'component:default/reviewer', name: 'reviewer' },
  ],
});

const search = meshListItemFixture({
  entityRef: 'system:platform/search-prod',
  name: 'search-prod',
  title: undefined,
  // A bare owner, as written in `spec.owner`: a group in the mesh's namespace.
  owner: 'team-search',
  meshId: 'search-prod',
  tier: 'large',
  awsAccount: '210987654321',
  region: 'us-east-1',
});

function mockApi(listMeshes: AgentMeshApi['listMeshes']) {
  return mockAgentMeshApi({ listMeshes });
}

async function renderPage(api: AgentMeshApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[agentMeshApiRef, api]]}>
      <MeshListPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('MeshListPage', () => {
  it('renders one row per mesh with links to the mesh and owner entities', async () => {
    const api = mockApi(async () => ({ items: [billing, search] }));

    await renderPage(api);

    expect(
      await screen.findByRole('link', { name: 'Billing (dev)' }),
    ).toHaveAttribute('href', '/catalog/default/system/billing-dev');
    expect(
      screen.getByRole('heading', { name: 'Meshes (2)' }),
    ).toBeInTheDocument();

    const billingRow = screen
      .getByRole('link', { name: 'Billing (dev)' })
      .closest('tr')!;
    expect(within(billingRow).getByText('billing-dev')).toBeInTheDocument();
    // Tier and environment are chips under the title; the agents are on the mesh's own page.
    const chips = within(billingRow).getByRole('group', {
      name: 'Tier and environment',
    });
    expect(within(chips).getByText('small')).toBeInTheDocument();
    expect(within(chips).getByText('environment not set')).toBeInTheDocument();
    expect(within(billingRow).getByText('123456789012')).toBeInTheDocument();
    expect(within(billingRow).getByText('eu-west-1')).toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Agents' }),
    ).not.toBeInTheDocument();
    expect(
      within(billingRow).getByRole('link', { name: /team-billing/ }),
    ).toHaveAttribute('href', '/catalog/default/group/team-billing');

    // Without a title the mesh is named by its entity name; a bare owner is a group in the mesh's namespace.
    const searchRow = screen
      .getByRole('link', { name: 'search-prod' })
      .closest('tr')!;
    expect(
      within(searchRow).getByRole('link', { name: 'search-prod' }),
    ).toHaveAttribute('href', '/catalog/platform/system/search-prod');
    expect(
      within(searchRow).getByRole('link', { name: /team-search/ }),
    ).toHaveAttribute('href', '/catalog/platform/group/team-search');
    expect(
      within(
        within(searchRow).getByRole('group', { name: 'Tier and environment' }),
      ).getByText('large'),
    ).toBeInTheDocument();
    expect(api.listMeshes).toHaveBeenCalledTimes(1);
  });

  it('has one column per concern, sized for a 1280 px screen', async () => {
    await renderPage(mockApi(async () => ({ items: [billing] })));
    await screen.findByRole('link', { name: 'Billing (dev)' });
    expect(
      screen.getAllByRole('columnheader').map(header => header.textContent),
    ).toEqual([
      'Mesh',
      'Owner',
      'Health',
      'Runs (24 h)',
      'Cost this month',
      'Lanes',
      'Pending approvals',
    ]);
  });

  it('shows the empty state when there are no meshes', async () => {
    await renderPage(mockApi(async () => ({ items: [] })));

    expect(
      await screen.findByText(/No agent meshes in the catalog yet/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Meshes (0)' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /billing/i }),
    ).not.toBeInTheDocument();
  });

  it('shows the error panel when the API rejects', async () => {
    const error = await responseError(
      403,
      'Forbidden',
      'NotAllowedError',
      'not allowed to read meshes',
    );

    await renderPage(mockApi(() => Promise.reject(error)));

    expect(
      await screen.findByText(/Request failed with 403 Forbidden/),
    ).toBeInTheDocument();
    expect(screen.getByText('not allowed to read meshes')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
  describe('health column', () => {
    function withHealth(
      name: string,
      health: MeshListItem['health'],
    ): MeshListItem {
      return {
        entityRef: `system:default/${name}`,
        name,
        meshId: name,
        agents: [],
        health,
      };
    }

    function rowOf(name: string) {
      return screen.getByRole('link', { name }).closest('tr')!;
    }

    it('shows ok, degraded with the failing sources, and pending meshes', async () => {
      await renderPage(
        mockApi(async () => ({
          items: [
            withHealth('healthy', {
              status: 'ok',
              refreshedAt: '2026-11-25T12:00:00.000Z',
              ageSeconds: 12,
              alarmsInAlarm: 0,
              runs: runCounts({ total: 40, succeeded: 38, failed: 2 }),
              failingPanels: [],
            }),
            withHealth('troubled', {
              status: 'degraded',
              refreshedAt: '2026-11-25T11:55:00.000Z',
              ageSeconds: 300,
              alarmsInAlarm: 2,
              runs: runCounts({ total: 8, succeeded: 4, failed: 4 }),
              failingPanels: ['alarms', 'cost'],
            }),
            withHealth('fresh', {
              status: 'pending',
              alarmsInAlarm: 0,
              failingPanels: [],
            }),
          ],
        })),
      );

      const healthy = within(
        await screen
          .findByRole('link', { name: 'healthy' })
          .then(l => l.closest('tr')!),
      );
      expect(healthy.getByText('OK')).toBeInTheDocument();
      expect(healthy.getByText('0 alarms in ALARM')).toBeInTheDocument();
      expect(healthy.getByText('40 runs, 5.0% failed')).toBeInTheDocument();
      expect(healthy.getByText('12 s ago')).toBeInTheDocument();

      const troubled = within(rowOf('troubled'));
      expect(troubled.getByText('Degraded')).toBeInTheDocument();
      expect(troubled.getByText('failing: alarms, cost')).toBeInTheDocument();
      expect(troubled.getByText('2 alarms in ALARM')).toBeInTheDocument();
      expect(troubled.getByText('8 runs, 50.0% failed')).toBeInTheDocument();
      expect(troubled.getByText('5 min ago')).toBeInTheDocument();

      const fresh = within(rowOf('fresh'));
      expect(fresh.getByText('Pending first refresh')).toBeInTheDocument();
      // No runs and no snapshot age before the first refresh.
      expect(fresh.getAllByText('—')).toHaveLength(1);
      expect(fresh.queryByText(/ ago$/)).not.toBeInTheDocument();
    });
  });

  describe('environment, cost, lanes and approvals', () => {
    const staging: MeshListItem = {
      ...billing,
      entityRef: 'system:default/billing-staging',
      name: 'billing-staging',
      title: 'Billing (staging)',
      description: 'Invoices and refunds, reviewed by a critic',
      meshId: 'billing-staging',
      tier: 'medium',
      environment: 'staging',
      monthlyBudgetUsd: 300,
      health: {
        status: 'degraded',
        ageSeconds: 30,
        alarmsInAlarm: 1,
        runs: runCounts({ total: 20, succeeded: 19, failed: 1 }),
        failingPanels: ['alarms'],
      },
      lanes: { read_only: 2, dry_run: 1, execute: 0 },
      cost: {
        currency: 'USD',
        monthToDate: 150,
        budget: 300,
        percentOfBudget: 50,
        forecastMonth: 320,
      },
      pendingApprovals: { promotionRequests: 1, waitingRuns: 2 },
    };
    const prod: MeshListItem = {
      ...search,
      environment: 'prod',
      lanes: { read_only: 0, dry_run: 0, execute: 3 },
      cost: { currency: 'USD', monthToDate: 12.5 },
      pendingApprovals: { promotionRequests: 0, waitingRuns: 0 },
    };

    it('shows environment, cost against the mesh’s own budget, lanes as chips and pending approvals', async () => {
      await renderPage(mockApi(async () => ({ items: [staging, prod] })));
      const row = within(
        (
          await screen.findByRole('link', { name: 'Billing (staging)' })
        ).closest('tr')!,
      );
      expect(
        within(
          row.getByRole('group', { name: 'Tier and environment' }),
        ).getByText('staging'),
      ).toBeInTheDocument();
      expect(row.getByText('$150.00 of $300.00')).toBeInTheDocument();
      expect(
        row.getByText('50.0% used, forecast $320.00, over budget'),
      ).toBeInTheDocument();
      expect(
        row.getByRole('progressbar', {
          name: 'Billing (staging): share of the monthly budget used',
        }),
      ).toHaveAttribute('aria-valuenow', '50');
      const lanes = row.getByRole('group', {
        name: 'Lanes: 2 read_only · 1 dry_run · 0 execute',
      });
      expect(within(lanes).getByText('2 read_only')).toBeInTheDocument();
      expect(within(lanes).getByText('0 execute')).toBeInTheDocument();
      expect(row.getByText('1 request · 2 waiting runs')).toBeInTheDocument();
      expect(
        row.getByText('Invoices and refunds, reviewed by a critic'),
      ).toBeInTheDocument();

      const prodRow = within(
        screen.getByRole('link', { name: 'search-prod' }).closest('tr')!,
      );
      expect(prodRow.getByText('$12.50, no budget')).toBeInTheDocument();
      expect(prodRow.getByText('none')).toBeInTheDocument();
      expect(prodRow.getByText('prod')).toBeInTheDocument();
    });

    it('keeps short cells on one line and wraps the others between words, never inside one', async () => {
      await renderPage(mockApi(async () => ({ items: [staging] })));
      const row = within(
        (
          await screen.findByRole('link', { name: 'Billing (staging)' })
        ).closest('tr')!,
      );
      for (const cell of ['123456789012', 'eu-west-1']) {
        expect(row.getByText(cell)).toHaveStyle({ whiteSpace: 'nowrap' });
      }
      // A line may end only between the parts: a number stays with its unit, an amount with "of".
      expect(row.getByText('1 request · 2 waiting runs').textContent).toBe(
        '1\u00a0request · 2\u00a0waiting\u00a0runs',
      );
      expect(row.getByText('20 runs, 5.0% failed').textContent).toBe(
        '20\u00a0runs, 5.0%\u00a0failed',
      );
      expect(row.getByText('$150.00 of $300.00').textContent).toBe(
        '$150.00 of\u00a0$300.00',
      );
      // The theme's `word-break: break-word` is turned off in every cell.
      for (const cell of row.getAllByRole('cell')) {
        expect(cell).toHaveStyle({
          wordBreak: 'normal',
          overflowWrap: 'normal',
        });
      }
      expect(row.getByText('Degraded').closest('div')).toHaveStyle({
        whiteSpace: 'nowrap',
      });
      expect(row.getByText('2 read_only').closest('div')).toHaveStyle({
        whiteSpace: 'nowrap',
      });
    });

    it('gives the mesh column room and clamps the description to one line, the full text on hover', async () => {
      await renderPage(mockApi(async () => ({ items: [staging] })));
      const link = await screen.findByRole('link', {
        name: 'Billing (staging)',
      });
      const cell = link.closest('td')!;
      expect(cell).toHaveStyle({ minWidth: '200px' });
      expect(link.parentElement).toHaveStyle({ whiteSpace: 'nowrap' });
      const row = within(link.closest('tr')!);
      // Where the mesh lives: each id on one line, the line may wrap between them.
      for (const id of ['billing-staging', '123456789012', 'eu-west-1']) {
        expect(row.getByText(id)).toHaveStyle({ whiteSpace: 'nowrap' });
      }
      expect(row.getByText('123456789012').parentElement).toHaveTextContent(
        'billing-staging · 123456789012 · eu-west-1',
      );
      const description = row.getByText(
        'Invoices and refunds, reviewed by a critic',
      );
      expect(description).toHaveAttribute(
        'title',
        'Invoices and refunds, reviewed by a critic',
      );
      // One line, cut with an ellipsis.
      expect(description).toHaveStyle({
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
      });
    });

    it('summarises only the lanes the mesh’s tier has', async () => {
      const small: MeshListItem = {
        ...staging,
        tier: 'small',
        lanes: { read_only: 2, dry_run: 1, execute: 0 },
      };
      await renderPage(mockApi(async () => ({ items: [small] })));
      const lanes = await screen.findByRole('group', {
        name: 'Lanes: 2 read_only · 1 dry_run',
      });
      expect(within(lanes).queryByText('0 execute')).not.toBeInTheDocument();
    });

    it('says what is not read yet for a mesh before its first refresh', async () => {
      await renderPage(mockApi(async () => ({ items: [billing] })));
      const row = within(
        (await screen.findByRole('link', { name: 'Billing (dev)' })).closest(
          'tr',
        )!,
      );
      expect(row.getAllByText('not read yet')).toHaveLength(2);
      expect(row.getByText('unknown')).toBeInTheDocument();
      expect(row.getByText('environment not set')).toBeInTheDocument();
    });

    it('filters by tier and environment, and says when no mesh matches', async () => {
      await renderPage(mockApi(async () => ({ items: [staging, prod] })));
      await screen.findByRole('link', { name: 'Billing (staging)' });
      await userEvent.selectOptions(
        screen.getByRole('combobox', { name: 'Environment' }),
        'prod',
      );
      expect(
        screen.queryByRole('link', { name: 'Billing (staging)' }),
      ).not.toBeInTheDocument();
      expect(
        screen.getByRole('heading', { name: 'Meshes (1 of 2)' }),
      ).toBeInTheDocument();
      await userEvent.selectOptions(
        screen.getByRole('combobox', { name: 'Tier' }),
        'small',
      );
      expect(
        screen.getByText('No mesh matches these filters.'),
      ).toBeInTheDocument();
      await userEvent.selectOptions(
        screen.getByRole('combobox', { name: 'Tier' }),
        'All',
      );
      await userEvent.selectOptions(
        screen.getByRole('combobox', { name: 'Environment' }),
        'All',
      );
      expect(
        screen.getByRole('link', { name: 'Billing (staging)' }),
      ).toBeInTheDocument();
    });

    it('finds meshes with the search box', async () => {
      await renderPage(mockApi(async () => ({ items: [staging, prod] })));
      await screen.findByRole('link', { name: 'Billing (staging)' });
      await userEvent.type(
        screen.getByPlaceholderText('Filter'),
        'search-prod',
      );
      await waitFor(() =>
        expect(
          screen.queryByRole('link', { name: 'Billing (staging)' }),
        ).not.toBeInTheDocument(),
      );
      expect(
        screen.getByRole('link', { name: 'search-prod' }),
      ).toBeInTheDocument();
    });

    it('shows a progress bar while the meshes load', async () => {
      await renderPage(mockApi(() => new Promise(() => {})));
      expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    });
  });
});
