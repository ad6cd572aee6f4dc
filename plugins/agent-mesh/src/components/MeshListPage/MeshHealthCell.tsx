import {
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { MeshHealth } from '@agent-mesh/plugin-agent-mesh-common';
import Typography from '@material-ui/core/Typography';
import { formatAge } from '../../format/age';
import { formatRate } from '../../format/numbers';
import { NO_WRAP } from './MeshListCells';

/** A mesh's health in the list: ok, degraded (with why) or pending, and its alarms in ALARM. */
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
  const reasons: string[] = [];
  if (health.failingPanels.length > 0) {
    reasons.push(`failing: ${health.failingPanels.join(', ')}`);
  }
  const alarms = `${health.alarmsInAlarm} alarm${
    health.alarmsInAlarm === 1 ? '' : 's'
  } in ALARM`;
  return (
    <div style={NO_WRAP}>
      {health.status === 'ok' ? (
        <StatusOK>OK</StatusOK>
      ) : (
        <StatusWarning>Degraded</StatusWarning>
      )}
      {reasons.map(reason => (
        <Typography key={reason} variant="body2">
          {reason}
        </Typography>
      ))}
      <Typography variant="body2">{alarms}</Typography>
    </div>
  );
}

/** Runs over the snapshot's window and their failure rate, e.g. `42 runs, 9.5% failed`. */
export function meshRunsText(health?: MeshHealth): string {
  if (!health?.runs) {
    return '—';
  }
  return `${health.runs.total} runs, ${formatRate(
    health.runs.failureRate,
  )} failed`;
}

/** How old the mesh's snapshot is, e.g. `12 s ago`. */
export function meshAgeText(health?: MeshHealth): string {
  if (!health || health.ageSeconds === undefined) {
    return '—';
  }
  return `${formatAge(health.ageSeconds)} ago`;
}
