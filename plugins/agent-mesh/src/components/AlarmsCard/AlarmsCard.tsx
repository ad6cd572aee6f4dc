import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import {
  AlarmSummary,
  MeshSnapshot,
} from '@agent-mesh/plugin-agent-mesh-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { PanelNotice, panelHasData } from '../PanelNotice';

const STATE_ORDER: Record<AlarmSummary['state'], number> = {
  ALARM: 0,
  INSUFFICIENT_DATA: 1,
  OK: 2,
};

function AlarmState(props: { state: AlarmSummary['state'] }) {
  switch (props.state) {
    case 'ALARM':
      return <StatusError>ALARM</StatusError>;
    case 'INSUFFICIENT_DATA':
      return <StatusWarning>INSUFFICIENT_DATA</StatusWarning>;
    default:
      return <StatusOK>OK</StatusOK>;
  }
}

/** The mesh's CloudWatch alarms, those in ALARM first, with the reason of their last state change. */
export function AlarmsCard(props: { snapshot: MeshSnapshot }) {
  const { alarms } = props.snapshot;
  const items = [...alarms.items].sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      a.name.localeCompare(b.name),
  );
  const inAlarm = items.filter(a => a.state === 'ALARM').length;
  const showData = panelHasData(alarms);

  return (
    <InfoCard
      title="Alarms"
      subheader={
        showData ? `${inAlarm} in ALARM of ${items.length}` : undefined
      }
    >
      <PanelNotice label="Alarms" panel={alarms} />
      {showData && items.length === 0 && (
        <Typography variant="body2">The mesh has no alarms.</Typography>
      )}
      {showData && items.length > 0 && (
        <Table size="small" aria-label="Alarms">
          <TableHead>
            <TableRow>
              <TableCell>State</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Agent</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell>Since</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(alarm => (
              <TableRow key={alarm.name}>
                <TableCell>
                  <AlarmState state={alarm.state} />
                </TableCell>
                <TableCell>{alarm.name}</TableCell>
                <TableCell>{alarm.agent ?? ''}</TableCell>
                <TableCell>{alarm.reason ?? alarm.description ?? ''}</TableCell>
                <TableCell>
                  {alarm.updatedAt
                    ? new Date(alarm.updatedAt).toLocaleString()
                    : ''}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
