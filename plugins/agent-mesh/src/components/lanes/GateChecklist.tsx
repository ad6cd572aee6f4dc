import { Progress, StatusError, StatusOK } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Gate, GateReport } from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef } from '../../api';
import { formatAge } from '../../format/age';
import { formatMoney, formatRate } from '../../format/numbers';
import { MeshRequestError } from '../shared';

/** A gate's measured value or threshold in the gate's own unit. */
export function formatGateValue(gate: Gate, value: number): string {
  switch (gate.name) {
    case 'fresh_evidence':
      return formatAge(value);
    case 'max_failure_rate':
      return formatRate(value);
    case 'cost_forecast':
      return formatMoney(value, 'USD');
    default:
      return String(value);
  }
}

function measured(gate: Gate): string | undefined {
  if (gate.value === undefined && gate.threshold === undefined) {
    return undefined;
  }
  const parts = [];
  if (gate.value !== undefined) {
    parts.push(`value ${formatGateValue(gate, gate.value)}`);
  }
  if (gate.threshold !== undefined) {
    parts.push(`threshold ${formatGateValue(gate, gate.threshold)}`);
  }
  return parts.join(', ');
}

/**
 * The gates of one promotion as the backend evaluated them: each with pass or fail, the measured value,
 * the threshold and the reason (and the missing artifacts), and whether a second person must approve.
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
          const numbers = measured(gate);
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
                    {numbers && <>{numbers}: </>}
                    {gate.reason}
                    {gate.missing && gate.missing.length > 0 && (
                      <> (missing: {gate.missing.join(', ')})</>
                    )}
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
