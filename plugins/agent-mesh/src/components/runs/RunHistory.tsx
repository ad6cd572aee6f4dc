import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef } from '../../api';
import { MeshRequestError, panelHasData, PanelNotice } from '../shared';

/**
 * One run's event history (type, state, error and cause; never inputs or outputs), read when it is opened.
 */
export function RunHistory(props: { mesh: MeshRef; runName: string }) {
  const { mesh, runName } = props;
  const api = useApi(agentMeshApiRef);
  const { value, loading, error } = useAsync(
    () => api.getRun(mesh, runName),
    [api, mesh, runName],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <MeshRequestError error={error} />;
  }
  const history = value!.history;
  return (
    <>
      <PanelNotice label="Run history" panel={history} />
      {panelHasData(history) && (
        <Table size="small" aria-label={`Events of ${runName}`}>
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>Time</TableCell>
              <TableCell>Event</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Error</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.events.map(event => (
              <TableRow key={event.id}>
                <TableCell>{event.id}</TableCell>
                <TableCell>
                  {new Date(event.timestamp).toLocaleTimeString()}
                </TableCell>
                <TableCell>{event.type}</TableCell>
                <TableCell>{event.stateName ?? ''}</TableCell>
                <TableCell>
                  {[event.error, event.cause].filter(Boolean).join(': ')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {history.truncated && (
        <Typography variant="body2">
          The history is longer; only its first {history.events.length} events
          are shown.
        </Typography>
      )}
    </>
  );
}
