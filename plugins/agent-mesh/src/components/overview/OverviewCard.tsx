import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  AGENT_MESH_ANNOTATIONS,
  MeshSnapshot,
  PanelState,
} from '@agent-mesh/plugin-agent-mesh-common';
import Typography from '@material-ui/core/Typography';
import { formatAge } from '../../format/age';
import { formatRate } from '../../format/numbers';
import { StaleSnapshotNotice } from '../shared';

const SOURCES = [
  ['runs', 'Runs'],
  ['lanes', 'Lanes'],
  ['alarms', 'Alarms'],
  ['metrics', 'Metrics'],
  ['cost', 'Cost'],
] as const;

function SourceState(props: { label: string; panel: PanelState }) {
  const { label, panel } = props;
  if (panel.status === 'error') {
    return (
      <div>
        <StatusError>
          {label}: {panel.error?.name ?? 'failed'}
        </StatusError>
        <Typography variant="caption" component="div" color="textSecondary">
          {panel.error?.message ?? 'the source could not be read'}
          {panel.fetchedAt
            ? `; showing what was read ${new Date(
                panel.fetchedAt,
              ).toLocaleString()}`
            : ''}
        </Typography>
      </div>
    );
  }
  if (panel.status === 'pending') {
    return (
      <div>
        <StatusPending>{label}: not read yet</StatusPending>
        <Typography variant="caption" component="div" color="textSecondary">
          the first refresh has not run
        </Typography>
      </div>
    );
  }
  return (
    <div>
      <StatusOK>{label}: ok</StatusOK>
    </div>
  );
}

function windowHours(snapshot: MeshSnapshot): number {
  const ms = Date.parse(snapshot.window.to) - Date.parse(snapshot.window.from);
  return Math.round(ms / 3_600_000);
}

function snapshotAge(snapshot: MeshSnapshot | undefined, loading: boolean) {
  if (!snapshot) {
    return loading ? 'loading…' : 'unavailable';
  }
  if (!snapshot.refreshedAt) {
    return 'the first refresh has not run yet';
  }
  return `refreshed ${formatAge(snapshot.ageSeconds ?? 0)} ago`;
}

function runsSummary(snapshot: MeshSnapshot): string {
  const { runs } = snapshot;
  if (runs.status === 'pending') {
    return 'not read yet';
  }
  if (runs.status === 'error' && !runs.fetchedAt) {
    return `unavailable (${runs.error?.name ?? 'error'})`;
  }
  const t = runs.totals;
  return `${t.total} runs, ${formatRate(t.failureRate)} failed, ${
    t.running
  } running`;
}

/**
 * Where the mesh lives (from the entity's annotations, so it shows even when the backend does not answer),
 * how old its snapshot is, and the state of each of the snapshot's sources.
 */
export function OverviewCard(props: {
  snapshot?: MeshSnapshot;
  loading?: boolean;
}) {
  const { snapshot, loading = false } = props;
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};

  const metadata: Record<string, unknown> = {
    'Mesh id': annotations[AGENT_MESH_ANNOTATIONS.meshId] ?? 'not set',
    Tier: annotations[AGENT_MESH_ANNOTATIONS.tier] ?? 'not set',
    'AWS account': annotations[AGENT_MESH_ANNOTATIONS.awsAccount] ?? 'not set',
    Region: annotations[AGENT_MESH_ANNOTATIONS.region] ?? 'not set',
    Snapshot: snapshotAge(snapshot, loading),
  };
  if (snapshot?.refreshedAt) {
    metadata[`Runs (last ${windowHours(snapshot)} h)`] = runsSummary(snapshot);
    metadata.Sources = (
      <>
        {SOURCES.map(([key, label]) => (
          <SourceState key={key} label={label} panel={snapshot[key]} />
        ))}
      </>
    );
  }

  // The entity page lays out its tabs' content; a tab renders cards only.
  return (
    <InfoCard title="Mesh">
      <StaleSnapshotNotice snapshot={snapshot} />
      <StructuredMetadataTable
        metadata={metadata}
        options={{ titleFormat: key => key }}
      />
    </InfoCard>
  );
}
