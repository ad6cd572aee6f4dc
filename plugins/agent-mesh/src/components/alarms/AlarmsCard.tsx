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
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { formatAge } from '../../format/age';
import {
  alarmConsoleUrl,
  ConsoleLink,
  PanelNotice,
  NO_WRAP,
  panelHasData,
  WRAP_WORDS,
} from '../shared';

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

function Since(props: { updatedAt?: string; now: number }) {
  if (!props.updatedAt) {
    return null;
  }
  const at = Date.parse(props.updatedAt);
  return (
    <span style={NO_WRAP} title={new Date(at).toLocaleString()}>
      {`${formatAge(Math.max(0, (props.now - at) / 1000))} ago`}
      <Typography variant="caption" component="div" color="textSecondary">
        {new Date(at).toLocaleString()}
      </Typography>
    </span>
  );
}

/**
 * The mesh's CloudWatch alarms, those in ALARM first: state, name, agent, the reason of their last state
 * change, since when, and (with the mesh's `region`) a link to the alarm in the AWS console. `agent`
 * narrows the card to that agent's alarms (the agent's own page).
 */
export function AlarmsCard(props: {
  snapshot: MeshSnapshot;
  region?: string;
  agent?: string;
}) {
  const { region, agent } = props;
  const { alarms } = props.snapshot;
  const now = Date.now();
  const items = alarms.items
    .filter(alarm => !agent || alarm.agent === agent)
    .sort(
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
        <Typography variant="body2">
          {agent
            ? `The agent ${agent} has no alarms.`
            : 'The mesh has no alarms.'}
        </Typography>
      )}
      {showData && items.length > 0 && (
        // Short cells stay on one line, names break at their hyphens only; a narrow card scrolls sideways.
        <Box overflow="auto">
          <Table size="small" aria-label="Alarms">
            <TableHead style={NO_WRAP}>
              <TableRow>
                <TableCell>State</TableCell>
                <TableCell>Name</TableCell>
                <TableCell>Agent</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Since</TableCell>
                {region && <TableCell>Console</TableCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(alarm => (
                <TableRow key={alarm.name}>
                  <TableCell style={NO_WRAP}>
                    <AlarmState state={alarm.state} />
                  </TableCell>
                  <TableCell style={{ minWidth: 200, ...WRAP_WORDS }}>
                    {alarm.name}
                  </TableCell>
                  <TableCell style={NO_WRAP}>{alarm.agent ?? ''}</TableCell>
                  <TableCell style={{ minWidth: 220, ...WRAP_WORDS }}>
                    {alarm.reason ?? alarm.description ?? ''}
                  </TableCell>
                  <TableCell style={NO_WRAP}>
                    <Since updatedAt={alarm.updatedAt} now={now} />
                  </TableCell>
                  {region && (
                    <TableCell style={NO_WRAP}>
                      <ConsoleLink
                        href={alarmConsoleUrl(region, alarm.name)}
                        label={`Open alarm ${alarm.name} in the AWS console`}
                      />
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </InfoCard>
  );
}
