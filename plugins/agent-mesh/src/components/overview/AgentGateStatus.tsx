import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { AgentSnapshot } from '@agent-mesh/plugin-agent-mesh-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { agentMeshApiRef, MeshRef } from '../../api';

/**
 * Whether the agent may be promoted one lane up, asked from the gates route only when the reader clicks
 * (one request per agent would cost as many gate evaluations as there are agents): "ready to promote" or
 * "not ready" with the failing gates. The promotion itself happens on the Lanes tab.
 */
export function AgentGateStatus(props: {
  mesh: MeshRef;
  agent: AgentSnapshot;
}) {
  const { mesh, agent } = props;
  const api = useApi(agentMeshApiRef);
  const [{ value, loading, error }, check] = useAsyncFn(
    () => api.getPromotionGates(mesh, agent.name),
    [api, mesh, agent.name],
  );
  if (agent.lane?.lane === 'execute') {
    return (
      <Typography variant="body2" style={{ whiteSpace: 'nowrap' }}>
        top lane
      </Typography>
    );
  }
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <Typography variant="body2" color="error">
        Gates unavailable: {error.message}
      </Typography>
    );
  }
  if (value) {
    const failing = value.gates.filter(gate => !gate.passed);
    return (
      <div>
        <Typography variant="body2" style={{ whiteSpace: 'nowrap' }}>
          {value.passed
            ? `ready to promote to ${value.to}`
            : `not ready for ${value.to}`}
        </Typography>
        {failing.length > 0 && (
          <Typography variant="caption" color="textSecondary">
            {`failing: ${failing.map(gate => gate.name).join(', ')}`}
          </Typography>
        )}
      </div>
    );
  }
  return (
    <Button size="small" variant="outlined" onClick={() => check()}>
      Check gates of {agent.name}
    </Button>
  );
}
