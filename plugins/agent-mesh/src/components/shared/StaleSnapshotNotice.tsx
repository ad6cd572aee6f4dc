import { WarningPanel } from '@backstage/core-components';
import { MeshSnapshot } from '@agent-mesh/plugin-agent-mesh-common';
import { formatAge } from '../../format/age';
import {
  DEFAULT_REFRESH_INTERVAL_SECONDS,
  STALE_AFTER_INTERVALS,
} from './staleness';

/**
 * A warning when the snapshot is older than two refresh intervals (at least one scheduled refresh did not
 * complete): what is shown may be out of date. Nothing for a fresh or pending snapshot.
 */
export function StaleSnapshotNotice(props: {
  snapshot?: MeshSnapshot;
  refreshIntervalSeconds?: number;
}) {
  const {
    snapshot,
    refreshIntervalSeconds = DEFAULT_REFRESH_INTERVAL_SECONDS,
  } = props;
  const age = snapshot?.refreshedAt ? snapshot.ageSeconds : undefined;
  if (
    age === undefined ||
    age <= STALE_AFTER_INTERVALS * refreshIntervalSeconds
  ) {
    return null;
  }
  return (
    <WarningPanel
      severity="warning"
      title={`The snapshot is stale: it was refreshed ${formatAge(age)} ago`}
      message={`The backend refreshes every ${formatAge(
        refreshIntervalSeconds,
      )}, so at least two refreshes did not complete. What is shown may be out of date.`}
    />
  );
}
