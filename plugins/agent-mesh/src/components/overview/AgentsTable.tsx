import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  AgentSnapshot,
  Lane,
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
import { useTheme } from '@material-ui/core/styles';
import { MeshRef } from '../../api';
import { formatRate } from '../../format/numbers';
import {
  agentHealth,
  AgentHealthLabel,
  LaneChip,
  PanelNotice,
  panelHasData,
} from '../shared';
import { AgentGateStatus } from './AgentGateStatus';

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function LaneCell(props: {
  agent: AgentSnapshot;
  lane: Lane;
  showRuns: boolean;
}) {
  const { agent, lane, showRuns } = props;
  const theme = useTheme();
  const current = agent.lane?.lane === lane;
  const counts = showRuns ? agent.runsByLane[lane] : undefined;
  return (
    <TableCell
      style={
        current
          ? { backgroundColor: theme.palette.action.selected, ...NO_WRAP }
          : NO_WRAP
      }
    >
      {current && (
        <LaneChip
          lane={lane}
          title={
            agent.lane?.source === 'default'
              ? 'No lane item in the KV table: the agent runs read_only'
              : `Lane item version ${agent.lane?.version ?? '?'}`
          }
        />
      )}
      {counts && (
        <Typography variant="body2" component="div">
          {counts.total} runs, {formatRate(counts.failureRate)} failed
        </Typography>
      )}
    </TableCell>
  );
}

/**
 * The mesh's agents as a grid of agents by lanes: each agent's current lane highlighted in its column, the
 * runs it made in each lane over the snapshot's window, its health, runs and failure rate, and (with `mesh`)
 * whether its gates let it be promoted, checked on demand. Lanes and run counts come from two sources; each
 * one's failure shows on its own. `agent` narrows the grid to one agent (the agent's own page).
 */
export function AgentsTable(props: {
  snapshot: MeshSnapshot;
  mesh?: MeshRef;
  agent?: string;
}) {
  const { snapshot, mesh, agent: only } = props;
  const runsReadable = panelHasData(snapshot.runs);
  const lanesReadable = panelHasData(snapshot.lanes);
  const agents = only
    ? snapshot.agents.filter(a => a.name === only)
    : snapshot.agents;

  return (
    <InfoCard title={only ? `Agent ${only}` : `Agents (${agents.length})`}>
      <PanelNotice label="Runs" panel={snapshot.runs} />
      <PanelNotice label="Lanes" panel={snapshot.lanes} />
      {agents.length === 0 ? (
        <Typography variant="body2">
          {(() => {
            if (!snapshot.refreshedAt) {
              return 'No agents yet: the first refresh has not run.';
            }
            return only
              ? `The snapshot holds no agent named ${only}.`
              : 'The snapshot holds no agents.';
          })()}
        </Typography>
      ) : (
        <Table size="small" aria-label="Agents">
          <TableHead>
            <TableRow>
              <TableCell>Agent</TableCell>
              {LANES.map(lane => (
                <TableCell key={lane} style={NO_WRAP}>
                  {lane}
                </TableCell>
              ))}
              <TableCell>Health</TableCell>
              <TableCell align="right">Runs</TableCell>
              <TableCell align="right">Failed</TableCell>
              <TableCell align="right" style={NO_WRAP}>
                Failure rate
              </TableCell>
              {mesh && <TableCell>Gates</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {agents.map(agent => (
              <TableRow key={agent.name}>
                <TableCell style={NO_WRAP}>
                  {agent.entityRef ? (
                    <EntityRefLink entityRef={agent.entityRef}>
                      {agent.name}
                    </EntityRefLink>
                  ) : (
                    agent.name
                  )}
                </TableCell>
                {lanesReadable && agent.lane ? (
                  LANES.map(lane => (
                    <LaneCell
                      key={lane}
                      agent={agent}
                      lane={lane}
                      showRuns={runsReadable}
                    />
                  ))
                ) : (
                  <TableCell colSpan={LANES.length}>
                    <Chip size="small" variant="outlined" label="unknown" />{' '}
                    lane not available
                  </TableCell>
                )}
                <TableCell>
                  <AgentHealthLabel health={agentHealth(snapshot, agent)} />
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
                  </>
                ) : (
                  <TableCell colSpan={3}>runs not available</TableCell>
                )}
                {mesh && (
                  <TableCell>
                    <AgentGateStatus mesh={mesh} agent={agent} />
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
