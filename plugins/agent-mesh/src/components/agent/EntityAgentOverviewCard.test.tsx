import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { AgentMeshApi, agentMeshApiRef } from '../../api';
import {
  agentCostFixture,
  pendingSnapshotFixture,
  snapshotFixture,
} from '../../__testUtils__/fixtures';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import { responseError } from '../../__testUtils__/responseError';
import { EntityAgentOverviewCard } from './EntityAgentOverviewCard';

const critic: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing-staging-critic',
    namespace: 'finance',
    annotations: { [AGENT_MESH_ANNOTATIONS.agentName]: 'critic' },
  },
  spec: { type: 'agent', system: 'billing-staging', owner: 'team-billing' },
};
const MESH = { namespace: 'finance', name: 'billing-staging' };

function fullApi(): jest.Mocked<AgentMeshApi> {
  return mockAgentMeshApi({
    getMeshSnapshot: async () => snapshotFixture(),
    listRuns: async () => ({
      items: [
        {
          name: 'run-9',
          executionArn: 'arn:aws:states:us-east-1:2:execution:x:run-9',
          agent: 'critic',
          lane: 'dry_run',
          status: 'FAILED',
          startDate: new Date(Date.now() - 120_000).toISOString(),
        },
      ],
    }),
    getCost: async () => agentCostFixture(),
  });
}

function renderFor(entity: Entity, api: AgentMeshApi) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [agentMeshApiRef, api],
        [catalogApiRef, catalogApiMock()],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityAgentOverviewCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityAgentOverviewCard', () => {
  it('shows the agent’s mesh, lane, health, failure rate, last runs and cost this month', async () => {
    const api = fullApi();
    await renderFor(critic, api);

    expect(
      await screen.findByRole('row', { name: /^Lane dry_run$/ }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('row', { name: /^Health/ })).getByText(
        'in ALARM',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', {
        name: /^Runs \(24 h\) 8 runs, 50\.0% failed$/,
      }),
    ).toBeInTheDocument();
    // A bare spec.system is a system in the agent's own namespace.
    expect(
      within(screen.getByRole('row', { name: /^Mesh/ })).getByRole('link'),
    ).toHaveAttribute('href', '/catalog/finance/system/billing-staging');
    const lastRuns = await screen.findByRole('list', {
      name: 'Last runs of critic',
    });
    expect(
      within(lastRuns).getByText('run-9: FAILED, 2 min ago'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('row', { name: /^Cost this month \$3\.25$/ }),
    ).toBeInTheDocument();
    expect(api.getMeshSnapshot).toHaveBeenCalledWith(MESH);
    expect(api.listRuns).toHaveBeenCalledWith(MESH, {
      agent: 'critic',
      limit: 5,
    });
    expect(api.getCost).toHaveBeenCalledWith(MESH, {
      granularity: 'DAILY',
      groupBy: 'AGENT',
    });
  });

  it('names the agent by its entity name without the agent-name annotation', async () => {
    const api = fullApi();
    await renderFor(
      { ...critic, metadata: { name: 'critic', namespace: 'finance' } },
      api,
    );
    expect(
      await screen.findByRole('row', { name: /^Agent critic$/ }),
    ).toBeInTheDocument();
  });

  it('says the first refresh has not run for a pending snapshot and a pending cost', async () => {
    const api = fullApi();
    api.getMeshSnapshot.mockResolvedValue(pendingSnapshotFixture());
    api.getCost.mockResolvedValue(
      agentCostFixture({ status: 'pending', points: [], fetchedAt: undefined }),
    );
    api.listRuns.mockResolvedValue({ items: [] });
    await renderFor(critic, api);
    expect(
      await screen.findByRole('row', {
        name: /^Snapshot the first refresh has not run yet$/,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('row', {
        name: /^Cost this month not read yet: the first refresh has not run$/,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('row', {
        name: /^Last runs no runs stored yet$/,
      }),
    ).toBeInTheDocument();
  });

  it('keeps the other facts when the cost cannot be read, and shows a failed snapshot request', async () => {
    const api = fullApi();
    const error = await responseError(
      403,
      'Forbidden',
      'NotAllowedError',
      'not allowed',
    );
    api.getMeshSnapshot.mockRejectedValue(error);
    api.getCost.mockRejectedValue(new Error('cost route down'));
    await renderFor(critic, api);
    expect(
      await screen.findByText(/Request failed with 403 Forbidden/),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('row', {
        name: /^Cost this month unavailable \(cost route down\)$/,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('run-9: FAILED, 2 min ago'),
    ).toBeInTheDocument();
  });

  it('says what is missing on a component that names no mesh, without asking the backend', async () => {
    const api = fullApi();
    await renderFor({ ...critic, spec: { type: 'agent' } }, api);
    expect(
      screen.getByRole('heading', { name: 'Not an agent of a mesh' }),
    ).toBeInTheDocument();
    expect(api.getMeshSnapshot).not.toHaveBeenCalled();
  });

  it('warns when the mesh’s snapshot is stale', async () => {
    const api = fullApi();
    api.getMeshSnapshot.mockResolvedValue(
      snapshotFixture({ ageSeconds: 3600 }),
    );
    await renderFor(critic, api);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The snapshot is stale: it was refreshed 1 h ago',
    );
    expect(
      screen.getByRole('row', { name: /^Snapshot refreshed 1 h ago$/ }),
    ).toBeInTheDocument();
  });
});
