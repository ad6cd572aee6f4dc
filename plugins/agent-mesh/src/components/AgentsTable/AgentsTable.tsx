import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  AgentSnapshot,
  LANES,
  MeshSnapshot,
} from '@agent-mesh/plugin-agent-mesh-common';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { formatRate } from '../../format/numbers';
import { PanelNotice, panelHasData } from '../PanelNotice';

function LaneChip(props: { agent: AgentSnapshot; lanesReadable: boolean }) {
  const { lane } = props.agent;
  if (!lane || !props.lanesReadable) {
    return <Chip size="small" variant="outlined" label="unknown" />;
  }
  return (
    <Chip
      size="small"
      color={lane.lane === 'execute' ? 'primary' : 'default'}
      label={lane.lane}
      title={
        lane.source === 'default'
          ? 'No lane item in the KV table: the agent runs read_only'
          : `Lane item version ${lane.version ?? '?'}`
      }
    />
  );
}

function LaneBreakdown(props: { agent: AgentSnapshot }) {
  const lanes = LANES.filter(lane => props.agent.runsByLane[lane]);
  if (lanes.length === 0) {
    return <>none</>;
  }
  return (
    <>
      {lanes.map(lane => {
        const counts = props.agent.runsByLane[lane]!;
        return (
          <Typography key={lane} variant="body2" component="div">
            {lane}: {counts.total} runs, {formatRate(counts.failureRate)} failed
          </Typography>
        );
      })}
    </>
  );
}

/**
 * The mesh's agents: each one's lane, its runs over the snapshot's window, its failure rate, and the same
 * per lane it ran in. Lanes and run counts come from two sources; each one's failure shows on its own.
 */
export function AgentsTable(props: { snapshot: MeshSnapshot }) {
  const { snapshot } = props;
  const runsReadable = panelHasData(snapshot.runs);
  const lanesReadable = panelHasData(snapshot.lanes);

  return (
    <InfoCard title={`Agents (${snapshot.agents.length})`}>
      <PanelNotice label="Runs" panel={snapshot.runs} />
      <PanelNotice label="Lanes" panel={snapshot.lanes} />
      {snapshot.agents.length === 0 ? (
        <Typography variant="body2">
          {snapshot.refreshedAt
            ? 'The snapshot holds no agents.'
            : 'No agents yet: the first refresh has not run.'}
        </Typography>
      ) : (
        <Table size="small" aria-label="Agents">
          <TableHead>
            <TableRow>
              <TableCell>Agent</TableCell>
              <TableCell>Lane</TableCell>
              <TableCell align="right">Runs</TableCell>
              <TableCell align="right">Failed</TableCell>
              <TableCell align="right">Failure rate</TableCell>
              <TableCell>By lane</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {snapshot.agents.map(agent => (
              <TableRow key={agent.name}>
                <TableCell>
                  {agent.entityRef ? (
                    <EntityRefLink entityRef={agent.entityRef}>
                      {agent.name}
                    </EntityRefLink>
                  ) : (
                    agent.name
                  )}
                </TableCell>
                <TableCell>
                  <LaneChip agent={agent} lanesReadable={lanesReadable} />
                </TableCell>
                {runsReadable ? (
                  <>
                    <TableCell align="right">{agent.runs.total}</TableCell>
                    <TableCell align="right">
                      {agent.runs.failed + agent.runs.timedOut}
                    </TableCell>
                    <TableCell align="right">
                      {formatRate(agent.runs.failureRate)}
                    </TableCell>
                    <TableCell>
                      <LaneBreakdown agent={agent} />
                    </TableCell>
                  </>
                ) : (
                  <TableCell colSpan={4}>runs not available</TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
