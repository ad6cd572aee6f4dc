import {
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { MeshHealth } from '@agent-mesh/plugin-agent-mesh-common';
import Typography from '@material-ui/core/Typography';
import { formatAge } from '../../format/age';
import { formatRate } from '../../format/numbers';
import { NO_WRAP } from '../shared';

/**
 * A mesh's health in the list: ok, degraded (with why) or pending, its alarms in ALARM and how old its
 * snapshot is. The status stays on one line; the reasons wrap between words.
 */
export function MeshHealthCell(props: { health?: MeshHealth }) {
  const { health } = props;
  if (!health) {
    return <>unknown</>;
  }
  if (health.status === 'pending') {
    return (
      <span style={NO_WRAP}>
        <StatusPending>Pending first refresh</StatusPending>
      </span>
    );
  }
  const alarms = `${health.alarmsInAlarm} alarm${
    health.alarmsInAlarm === 1 ? '' : 's'
  } in ALARM`;
  return (
    <div>
      <div style={NO_WRAP}>
        {health.status === 'ok' ? (
          <StatusOK>OK</StatusOK>
        ) : (
          <StatusWarning>Degraded</StatusWarning>
        )}
      </div>
      {health.failingPanels.length > 0 && (
        <Typography variant="body2">
          {`failing: ${health.failingPanels.join(', ')}`}
        </Typography>
      )}
      <Typography variant="body2">{alarms}</Typography>
      {health.ageSeconds !== undefined && (
        <Typography
          variant="caption"
          color="textSecondary"
          title="Age of the snapshot"
          style={NO_WRAP}
        >
          {`${formatAge(health.ageSeconds)} ago`}
        </Typography>
      )}
    </div>
  );
}

/** Runs over the snapshot's window and their failure rate, e.g. `42 runs, 9.5% failed`. */
export function meshRunsText(health?: MeshHealth): string {
  if (!health?.runs) {
    return '—';
  }
  return `${health.runs.total}\u00a0runs, ${formatRate(
    health.runs.failureRate,
  )}\u00a0failed`;
}
