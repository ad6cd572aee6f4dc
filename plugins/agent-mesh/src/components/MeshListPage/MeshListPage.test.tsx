import {
  MeshListItem,
  MeshSummary,
} from '@agent-mesh/plugin-agent-mesh-common';
import { runCounts } from '../../__testUtils__/fixtures';
import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { AgentMeshApi, agentMeshApiRef } from '../../api';
import { MeshListPage } from './MeshListPage';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';

const billing: MeshSummary = {
  entityRef: 'system:default/billing-dev',
  name: 'billing-dev',
  title: 'Billing (dev)',
  owner: 'group:default/team-billing',
  meshId: 'billing-dev',
  tier: 'small',
  awsAccount: '123456789012',
  region: 'eu-west-1',
  agents: [
    { entityRef: 'component:default/conductor', name: 'conductor' },
    { entityRef: 'component:default/reviewer', name: 'reviewer' },
  ],
};

const search: MeshSummary = {
  entityRef: 'system:platform/search-prod',
  name: 'search-prod',
  // A bare owner, as written in `spec.owner`: a group in the mesh's namespace.
  owner: 'team-search',
  meshId: 'search-prod',
  tier: 'large',
  awsAccount: '210987654321',
  region: 'us-east-1',
  agents: [],
};

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
    expect(within(billingRow).getByText('small')).toBeInTheDocument();
    expect(within(billingRow).getByText('123456789012')).toBeInTheDocument();
    expect(within(billingRow).getByText('eu-west-1')).toBeInTheDocument();
    expect(within(billingRow).getByText('2')).toBeInTheDocument();
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
    expect(within(searchRow).getByText('0')).toBeInTheDocument();
    expect(api.listMeshes).toHaveBeenCalledTimes(1);
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
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message: 'not allowed to read meshes',
        },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'content-type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);

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
      expect(fresh.getAllByText('—')).toHaveLength(2);
    });
  });
});
