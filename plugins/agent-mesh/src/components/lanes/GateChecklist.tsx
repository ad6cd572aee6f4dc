import { Progress, StatusError, StatusOK } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { GateReport } from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef } from '../../api';
import { MeshRequestError } from '../shared';
import { gateReason } from './gateReason';

/**
 * The gates of one promotion as the backend evaluated them: each with pass or fail, its title and its reason
 * (which holds the measured value, the threshold and the missing artifacts, each once: `gateReason`), and
 * whether a second person must approve.
 */
export function GateChecklist(props: { report: GateReport }) {
  const { report } = props;
  const failing = report.gates.filter(gate => !gate.passed).length;
  const name = `Gates of promoting ${report.agent} from ${report.from} to ${report.to}`;
  return (
    <Box>
      <Typography variant="subtitle2" component="p">
        {failing === 0
          ? `All ${report.gates.length} gates pass`
          : `${failing} of ${report.gates.length} gates fail`}
        {` (evaluated ${new Date(report.evaluatedAt).toLocaleString()})`}
      </Typography>
      <List dense aria-label={name}>
        {report.gates.map(gate => {
          return (
            <ListItem key={gate.name} disableGutters alignItems="flex-start">
              <ListItemText
                // The theme cuts dense list items with an ellipsis; a gate's reason is read in full.
                style={{ whiteSpace: 'normal' }}
                disableTypography
                primary={
                  <Typography variant="body2" component="div">
                    {/* The status icon is hidden from screen readers: the word says it. */}
                    {gate.passed ? <StatusOK /> : <StatusError />}
                    {gate.passed ? 'passed' : 'failed'}:{' '}
                    <strong>{gate.title}</strong>
                  </Typography>
                }
                secondary={
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    component="div"
                  >
                    {gateReason(gate)}
                  </Typography>
                }
              />
            </ListItem>
          );
        })}
      </List>
      {report.requiresApproval && (
        <Typography variant="body2">
          Promotion into {report.to} needs a second person’s approval in{' '}
          {report.environment}: a request will wait until someone approves it.
        </Typography>
      )}
    </Box>
  );
}

/** The gates of promoting `agent` one lane up, read from the backend when the component mounts. */
export function useGateReport(mesh: MeshRef, agent: string) {
  const api = useApi(agentMeshApiRef);
  return useAsync(() => api.getPromotionGates(mesh, agent), [api, mesh, agent]);
}

/** The gate checklist of one agent, fetched from the gates route: loading, error, or the checklist. */
export function AgentGates(props: { mesh: MeshRef; agent: string }) {
  const { value, loading, error } = useGateReport(props.mesh, props.agent);
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <MeshRequestError error={error} />;
  }
  return value ? <GateChecklist report={value} /> : null;
}
