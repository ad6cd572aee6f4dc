import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef } from '../../api';
import { formatAge } from '../../format/age';
import { MeshRequestError } from '../shared';

/** How many of the agent's newest runs its overview card lists. */
export const LAST_RUNS = 5;

/** The agent's newest runs from the runs route: name, status and how long ago each started. */
export function AgentLastRuns(props: { mesh: MeshRef; agent: string }) {
  const { mesh, agent } = props;
  const api = useApi(agentMeshApiRef);
  const { value, loading, error } = useAsync(
    () => api.listRuns(mesh, { agent, limit: LAST_RUNS }),
    [api, mesh, agent],
  );
  if (error) {
    return <MeshRequestError error={error} />;
  }
  if (loading || !value) {
    return <Progress />;
  }
  if (value.items.length === 0) {
    return <>no runs stored yet</>;
  }
  const now = Date.now();
  return (
    <ul
      aria-label={`Last runs of ${agent}`}
      style={{ margin: 0, paddingLeft: 16 }}
    >
      {value.items.map(run => (
        <li key={run.name}>
          <Typography variant="body2" style={{ whiteSpace: 'nowrap' }}>
            {`${run.name}: ${run.status}, ${formatAge(
              Math.max(0, (now - Date.parse(run.startDate)) / 1000),
            )} ago`}
          </Typography>
        </li>
      ))}
    </ul>
  );
}
