import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  runsFailedSnapshotFixture,
  snapshotFixture,
} from '../../__testUtils__/fixtures';
import { OverviewCard } from './OverviewCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'billing-staging',
    annotations: {
      [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-staging',
      [AGENT_MESH_ANNOTATIONS.awsAccount]: '222222222222',
      [AGENT_MESH_ANNOTATIONS.region]: 'us-east-1',
      [AGENT_MESH_ANNOTATIONS.tier]: 'medium',
    },
  },
  spec: { type: 'agent-mesh' },
};

function renderCard(props: Parameters<typeof OverviewCard>[0]) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <OverviewCard {...props} />
    </EntityProvider>,
  );
}

describe('OverviewCard', () => {
  it('shows where the mesh lives, the snapshot age, run totals and source states', async () => {
    await renderCard({ snapshot: snapshotFixture({ ageSeconds: 75 }) });

    expect(
      screen.getByRole('row', { name: /^Region us-east-1$/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Snapshot refreshed 1 min ago$/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', {
        name: /^Runs \(last 24 h\) 18 runs, 27\.8% failed, 0 running$/,
      }),
    ).toBeInTheDocument();
    for (const source of ['Runs', 'Lanes', 'Alarms', 'Metrics', 'Cost']) {
      expect(screen.getByText(`${source}: ok`)).toBeInTheDocument();
    }
  });

  it('names the failing source and the pending one', async () => {
    const snapshot = snapshotFixture({
      cost: {
        status: 'error',
        error: { name: 'DataUnavailableException', message: 'no data' },
      },
      metrics: { status: 'pending', periodSeconds: 300, series: [] },
    });

    await renderCard({ snapshot });

    expect(
      screen.getByText('Cost: DataUnavailableException'),
    ).toBeInTheDocument();
    expect(screen.getByText('Metrics: not read yet')).toBeInTheDocument();
    expect(screen.getByText('Runs: ok')).toBeInTheDocument();
  });

  it('says the runs are unavailable when their source never answered', async () => {
    const snapshot = runsFailedSnapshotFixture({ neverAnswered: true });

    await renderCard({ snapshot });

    expect(
      screen.getByRole('row', {
        name: /^Runs \(last 24 h\) unavailable \(ThrottlingException\)$/,
      }),
    ).toBeInTheDocument();
  });

  it('says the snapshot is loading before the first answer', async () => {
    await renderCard({ loading: true });

    expect(
      screen.getByRole('row', { name: /^Snapshot loading…$/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^Mesh id billing-staging$/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Runs: /)).not.toBeInTheDocument();
  });

  it('gives the reason of a failing source and of a pending one', async () => {
    const snapshot = snapshotFixture();
    snapshot.cost = {
      status: 'error',
      error: {
        name: 'AccessDeniedException',
        message: 'ce:GetCostAndUsage denied',
      },
    };
    snapshot.metrics = { ...snapshot.metrics, status: 'pending' };
    await renderCard({ snapshot });

    expect(screen.getByText('Cost: AccessDeniedException')).toBeInTheDocument();
    expect(screen.getByText('ce:GetCostAndUsage denied')).toBeInTheDocument();
    expect(screen.getByText('Metrics: not read yet')).toBeInTheDocument();
    expect(
      screen.getByText('the first refresh has not run'),
    ).toBeInTheDocument();
  });

  it('warns when the snapshot is older than two refresh intervals', async () => {
    await renderCard({ snapshot: snapshotFixture({ ageSeconds: 600 }) });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The snapshot is stale: it was refreshed 10 min ago',
    );
    expect(
      screen.getByRole('row', { name: /^Snapshot refreshed 10 min ago$/ }),
    ).toBeInTheDocument();
  });

  it('does not warn about a fresh snapshot', async () => {
    await renderCard({ snapshot: snapshotFixture({ ageSeconds: 110 }) });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
