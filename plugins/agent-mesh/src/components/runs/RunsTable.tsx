import {
  InfoCard,
  Progress,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Lane,
  LANES,
  RUN_STATUSES,
  RunStatus,
  RunSummary,
} from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef } from '../../api';
import { formatAge } from '../../format/age';
import {
  CompactTime,
  ConsoleLink,
  CursorPager,
  useCursorPages,
  executionConsoleUrl,
  FilterSelect,
  MeshRequestError,
  NO_WRAP,
} from '../shared';
import { RunHistory } from './RunHistory';

/** The default page size: small enough to read, the backend allows up to 200. */
export const RUNS_PAGE_SIZE = 20;

interface RunFilters {
  status?: RunStatus;
  agent?: string;
  lane?: Lane;
}

function RunStatusLabel(props: { status: RunStatus }) {
  switch (props.status) {
    case 'SUCCEEDED':
      return <StatusOK>SUCCEEDED</StatusOK>;
    case 'FAILED':
    case 'TIMED_OUT':
      return <StatusError>{props.status}</StatusError>;
    case 'RUNNING':
      return <StatusRunning>RUNNING</StatusRunning>;
    case 'ABORTED':
      return <StatusAborted>ABORTED</StatusAborted>;
    default:
      return <StatusPending>{props.status}</StatusPending>;
  }
}

function duration(run: RunSummary): string {
  if (!run.stopDate) {
    return '';
  }
  return formatAge(
    (Date.parse(run.stopDate) - Date.parse(run.startDate)) / 1000,
  );
}

/** The run's region: the mesh's (from its annotation), else the one in the execution ARN. */
function regionOf(run: RunSummary, region?: string): string | undefined {
  return region ?? run.executionArn.split(':')[3] ?? undefined;
}

function RunRow(props: { mesh: MeshRef; run: RunSummary; region?: string }) {
  const { mesh, run } = props;
  const region = regionOf(run, props.region);
  const [open, setOpen] = useState(false);
  return (
    <>
      <TableRow>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} events of ${run.name}`}
            onClick={() => setOpen(!open)}
          >
            {open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
          </IconButton>
        </TableCell>
        <TableCell style={NO_WRAP}>{run.name}</TableCell>
        <TableCell style={NO_WRAP}>{run.agent ?? ''}</TableCell>
        <TableCell style={NO_WRAP}>
          {run.lane && <Chip size="small" label={run.lane} />}
        </TableCell>
        <TableCell style={NO_WRAP}>
          <RunStatusLabel status={run.status} />
        </TableCell>
        <TableCell style={NO_WRAP}>
          <CompactTime value={run.startDate} />
        </TableCell>
        <TableCell style={NO_WRAP}>{duration(run)}</TableCell>
        <TableCell style={NO_WRAP}>
          {region && (
            <ConsoleLink
              href={executionConsoleUrl(region, run.executionArn)}
              label={`Open ${run.name} in the AWS console`}
            />
          )}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={8} style={{ paddingTop: 0, paddingBottom: 0 }}>
          <Collapse in={open} unmountOnExit>
            <Box my={1}>
              <RunHistory mesh={mesh} runName={run.name} />
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}

/**
 * The mesh's stored runs, newest first, a page at a time with the backend's cursor, filtered by status,
 * agent and lane. Each run opens to its event history.
 */
export function RunsTable(props: {
  mesh: MeshRef;
  /** The agents offered in the agent filter (e.g. from the snapshot). */
  agents?: string[];
  /** Only this agent's runs, without the agent filter (the agent's own page). */
  agent?: string;
  /** The mesh's region (annotation `agent-mesh.io/region`), for the console links. */
  region?: string;
  pageSize?: number;
}) {
  const { mesh, agents = [], agent, region, pageSize = RUNS_PAGE_SIZE } = props;
  const api = useApi(agentMeshApiRef);
  const [filters, setFilters] = useState<RunFilters>({});
  const pages = useCursorPages();
  const { cursor } = pages;

  const { value, loading, error } = useAsync(
    () =>
      api.listRuns(mesh, {
        ...filters,
        ...(agent ? { agent } : {}),
        limit: pageSize,
        cursor,
      }),
    [api, mesh, filters, agent, cursor, pageSize],
  );

  const setFilter = (change: RunFilters) => {
    setFilters(current => ({ ...current, ...change }));
    pages.reset();
  };
  // Each select offers only the values of its own list, so its value fits the filter's type.
  const filterSelect = (
    label: string,
    key: keyof RunFilters,
    options: readonly string[],
  ) => (
    <FilterSelect
      idPrefix="agent-mesh-runs-filter"
      label={label}
      value={filters[key]}
      options={options}
      onChange={v => setFilter({ [key]: v } as RunFilters)}
    />
  );

  return (
    <InfoCard title={agent ? `Runs of ${agent}` : 'Runs'}>
      <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 16 }}>
        {filterSelect('Status', 'status', RUN_STATUSES)}
        {!agent && filterSelect('Agent', 'agent', agents)}
        {filterSelect('Lane', 'lane', LANES)}
      </Box>
      {error && <MeshRequestError error={error} />}
      {loading && <Progress />}
      {!error && !loading && value && (
        <>
          {value.items.length === 0 ? (
            <Typography variant="body2">
              No runs match these filters.
            </Typography>
          ) : (
            // Cells never break inside a word; a narrow card scrolls the table sideways instead.
            <Box overflow="auto">
              <Table size="small" aria-label="Runs">
                <TableHead style={NO_WRAP}>
                  <TableRow>
                    <TableCell padding="checkbox" />
                    <TableCell>Run</TableCell>
                    <TableCell>Agent</TableCell>
                    <TableCell>Lane</TableCell>
                    <TableCell>Status</TableCell>
                    <TableCell>Started</TableCell>
                    <TableCell>Duration</TableCell>
                    <TableCell>Console</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {value.items.map(run => (
                    <RunRow
                      key={run.name}
                      mesh={mesh}
                      run={run}
                      region={region}
                    />
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </>
      )}
      <CursorPager pages={pages} noun="runs" result={{ loading, value }} />
    </InfoCard>
  );
}
