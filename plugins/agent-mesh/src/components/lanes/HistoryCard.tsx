import { InfoCard, Progress, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  HistoryAction,
  HistoryEntry,
} from '@agent-mesh/plugin-agent-mesh-common';
import Typography from '@material-ui/core/Typography';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef } from '../../api';
import {
  CardTable,
  CursorPager,
  MeshRequestError,
  NO_WRAP,
  useCursorPages,
  WRAP_WORDS,
} from '../shared';

/** The default page size, the backend's default too. */
export const HISTORY_PAGE_SIZE = 20;

/** Each history action as the table says it. */
export const HISTORY_ACTION_LABELS: Record<HistoryAction, string> = {
  promoted: 'Promoted',
  demoted: 'Demoted',
  promotion_requested: 'Promotion requested',
  request_approved: 'Request approved',
  request_rejected: 'Request rejected',
  request_expired: 'Request expired',
  run_approved: 'Run approved',
  run_rejected: 'Run rejected',
};

function change(entry: HistoryEntry): string {
  if (entry.fromLane && entry.toLane) {
    return `${entry.fromLane} → ${entry.toLane}`;
  }
  return entry.toLane ?? entry.fromLane ?? entry.executionName ?? '';
}

// Times, actors, agents and lanes never break inside a word; only the reason wraps (between words).

const columns: TableColumn<HistoryEntry>[] = [
  {
    title: 'Time',
    cellStyle: NO_WRAP,
    render: entry => new Date(entry.at).toLocaleString(),
  },
  { title: 'Actor', field: 'actor', cellStyle: NO_WRAP },
  {
    title: 'Action',
    cellStyle: NO_WRAP,
    render: entry => HISTORY_ACTION_LABELS[entry.action],
  },
  { title: 'Agent', field: 'agent', cellStyle: NO_WRAP },
  { title: 'From → to', cellStyle: NO_WRAP, render: change },
  {
    title: 'Version',
    cellStyle: NO_WRAP,
    render: entry => (entry.version === undefined ? '' : String(entry.version)),
  },
  {
    title: 'Reason',
    cellStyle: { minWidth: 200, ...WRAP_WORDS },
    render: entry => entry.reason ?? '',
  },
];

/**
 * The mesh's lane history, newest first: every promotion, demotion, request, approval, rejection, expiry
 * and run decision with its actor, time, lanes and reason, a page at a time with the backend's cursor.
 * Goes back to the first page when the caller says something changed.
 */
export function HistoryCard(props: {
  mesh: MeshRef;
  /** Only this agent's history. */
  agent?: string;
  revision?: number;
  pageSize?: number;
}) {
  const { mesh, agent, revision = 0, pageSize = HISTORY_PAGE_SIZE } = props;
  const api = useApi(agentMeshApiRef);
  const pages = useCursorPages();
  const { cursor, reset } = pages;
  useEffect(() => reset(), [reset, revision, agent]);

  const { value, loading, error } = useAsync(
    () => api.listHistory(mesh, { agent, limit: pageSize, cursor }),
    [api, mesh, agent, pageSize, cursor, revision],
  );

  return (
    <InfoCard title="Lane history">
      {error && <MeshRequestError error={error} />}
      {loading && <Progress />}
      {!loading && !error && value && value.items.length === 0 && (
        <Typography variant="body2">
          {pages.page === 1
            ? 'No lane change yet: promotions, demotions and decisions show here.'
            : 'No older entries.'}
        </Typography>
      )}
      {!loading && !error && value && value.items.length > 0 && (
        <CardTable columns={columns} data={value.items} />
      )}
      <CursorPager pages={pages} noun="entries" result={{ loading, value }} />
    </InfoCard>
  );
}
