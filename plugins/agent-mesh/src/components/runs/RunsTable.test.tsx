import {
  ListRunsResponse,
  RUN_STATUSES,
  RunSummary,
} from '@agent-mesh/plugin-agent-mesh-common';
import { responseError } from '../../__testUtils__/responseError';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentMeshApi, ListRunsQuery } from '../../api';
import { renderWithApi } from '../../__testUtils__/renderWithEntity';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import { RunsTable } from './RunsTable';

const mesh = { namespace: 'default', name: 'billing-staging' };

function run(n: number, partial: Partial<RunSummary> = {}): RunSummary {
  return {
    name: `run-${n}`,
    executionArn: `arn:aws:states:us-east-1:222222222222:execution:x:run-${n}`,
    agent: 'conductor',
    lane: 'execute',
    status: 'SUCCEEDED',
    startDate: new Date(
      Date.UTC(2026, 10, 25, 12, 0) - n * 60_000,
    ).toISOString(),
    stopDate: new Date(
      Date.UTC(2026, 10, 25, 12, 0) - n * 60_000 + 42_000,
    ).toISOString(),
    ...partial,
  };
}

/** A backend of five runs, paged two at a time; the cursor is the index of the next run. */
function pagedRuns(query: ListRunsQuery = {}): ListRunsResponse {
  const all = [1, 2, 3, 4, 5].map(n => run(n));
  const start = query.cursor ? Number(query.cursor) : 0;
  const limit = query.limit ?? 50;
  const items = all.slice(start, start + limit);
  return start + limit < all.length
    ? { items, nextCursor: String(start + limit) }
    : { items };
}

function renderTable(api: AgentMeshApi, agents = ['conductor', 'critic']) {
  return renderWithApi(
    <RunsTable mesh={mesh} agents={agents} pageSize={2} />,
    api,
  );
}

function shownRuns() {
  return within(screen.getByRole('table', { name: 'Runs' }))
    .getAllByRole('row')
    .map(row => within(row).queryAllByRole('cell')[1]?.textContent)
    .filter(name => name?.startsWith('run-'));
}

describe('RunsTable', () => {
  it('shows a page of runs with agent, lane, status and duration', async () => {
    const api = mockAgentMeshApi({
      listRuns: async () => ({
        items: [
          run(1, { status: 'FAILED', agent: 'critic', lane: 'dry_run' }),
          run(2, { status: 'RUNNING', stopDate: undefined }),
        ],
      }),
    });

    await renderTable(api);

    const table = await screen.findByRole('table', { name: 'Runs' });
    const rows = within(table).getAllByRole('row');
    const first = within(rows[1])
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(first.slice(1, 5)).toEqual(['run-1', 'critic', 'dry_run', 'FAILED']);
    expect(first[6]).toBe('42 s');
    expect(within(rows[3]).getByText('RUNNING')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith(mesh, { limit: 2 });
    expect(screen.getByRole('button', { name: 'Older runs' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Newer runs' })).toBeDisabled();
  });

  it('keeps every cell of a run on one line, the start time short with the full date on hover', async () => {
    await renderTable(
      mockAgentMeshApi({
        listRuns: async () => ({
          items: [run(1, { status: 'RUNNING', stopDate: undefined })],
        }),
      }),
    );

    const table = await screen.findByRole('table', { name: 'Runs' });
    const cells = within(within(table).getAllByRole('row')[1]).getAllByRole(
      'cell',
    );
    for (const cell of cells.slice(1)) {
      expect(cell).toHaveStyle({ whiteSpace: 'nowrap' });
    }
    const started = cells[5].querySelector('time')!;
    expect(started).toHaveAttribute('title');
    expect(started.getAttribute('title')).not.toBe(started.textContent);
    expect(table.parentElement).toHaveStyle({ overflow: 'auto' });
  });

  it('pages forward with the cursor and back again', async () => {
    const api = mockAgentMeshApi({ listRuns: async (_m, q) => pagedRuns(q) });
    await renderTable(api);
    await screen.findByRole('table', { name: 'Runs' });
    expect(shownRuns()).toEqual(['run-1', 'run-2']);

    await userEvent.click(screen.getByRole('button', { name: 'Older runs' }));
    await waitFor(() => expect(shownRuns()).toEqual(['run-3', 'run-4']));
    expect(api.listRuns).toHaveBeenLastCalledWith(mesh, {
      limit: 2,
      cursor: '2',
    });
    expect(screen.getByText('Page 2')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Older runs' }));
    await waitFor(() => expect(shownRuns()).toEqual(['run-5']));
    expect(api.listRuns).toHaveBeenLastCalledWith(mesh, {
      limit: 2,
      cursor: '4',
    });
    expect(screen.getByRole('button', { name: 'Older runs' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Newer runs' }));
    await waitFor(() => expect(shownRuns()).toEqual(['run-3', 'run-4']));
    await userEvent.click(screen.getByRole('button', { name: 'Newer runs' }));
    await waitFor(() => expect(shownRuns()).toEqual(['run-1', 'run-2']));
    expect(api.listRuns).toHaveBeenLastCalledWith(mesh, {
      limit: 2,
      cursor: undefined,
    });
    expect(screen.getByRole('button', { name: 'Newer runs' })).toBeDisabled();
  });

  it('asks for filtered runs from the first page when a filter changes', async () => {
    const api = mockAgentMeshApi({ listRuns: async (_m, q) => pagedRuns(q) });
    await renderTable(api);
    await screen.findByRole('table', { name: 'Runs' });
    await userEvent.click(screen.getByRole('button', { name: 'Older runs' }));
    await waitFor(() => expect(shownRuns()).toEqual(['run-3', 'run-4']));

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'FAILED');
    await waitFor(() =>
      expect(api.listRuns).toHaveBeenLastCalledWith(mesh, {
        status: 'FAILED',
        limit: 2,
        cursor: undefined,
      }),
    );
    expect(screen.getByText('Page 1')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Agent'), 'critic');
    await userEvent.selectOptions(screen.getByLabelText('Lane'), 'dry_run');
    await waitFor(() =>
      expect(api.listRuns).toHaveBeenLastCalledWith(mesh, {
        status: 'FAILED',
        agent: 'critic',
        lane: 'dry_run',
        limit: 2,
        cursor: undefined,
      }),
    );

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'All');
    await waitFor(() =>
      expect(api.listRuns).toHaveBeenLastCalledWith(mesh, {
        status: undefined,
        agent: 'critic',
        lane: 'dry_run',
        limit: 2,
        cursor: undefined,
      }),
    );
  });

  it('offers the given agents, every run status and every lane as filters', async () => {
    await renderTable(
      mockAgentMeshApi({ listRuns: async () => ({ items: [] }) }),
    );

    expect(
      await screen.findByText('No runs match these filters.'),
    ).toBeInTheDocument();
    const options = (label: string) =>
      within(screen.getByLabelText(label))
        .getAllByRole('option')
        .map(o => o.textContent);
    expect(options('Agent')).toEqual(['All', 'conductor', 'critic']);
    expect(options('Lane')).toEqual(['All', 'read_only', 'dry_run', 'execute']);
    // Every status Step Functions reports, PENDING_REDRIVE included.
    expect(options('Status')).toEqual(['All', ...RUN_STATUSES]);
    expect(options('Status')).toHaveLength(7);
  });

  it('opens a run to its event history', async () => {
    const api = mockAgentMeshApi({
      listRuns: async () => ({ items: [run(1)] }),
      getRun: async () => ({
        run: run(1),
        history: {
          status: 'ok',
          truncated: false,
          events: [
            {
              id: 1,
              timestamp: '2026-11-25T11:59:00.000Z',
              type: 'ExecutionStarted',
            },
          ],
        },
      }),
    });
    await renderTable(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Show events of run-1' }),
    );

    const events = await screen.findByRole('table', {
      name: 'Events of run-1',
    });
    expect(within(events).getByText('ExecutionStarted')).toBeInTheDocument();
    expect(api.getRun).toHaveBeenCalledWith(mesh, 'run-1');
    expect(
      screen.getByRole('button', { name: 'Hide events of run-1' }),
    ).toHaveAttribute('aria-expanded', 'true');
  });

  it('shows the error panel when the runs cannot be listed', async () => {
    const error = await responseError(
      403,
      'Forbidden',
      'NotAllowedError',
      'Not allowed to read agent mesh',
    );
    await renderTable(
      mockAgentMeshApi({ listRuns: () => Promise.reject(error) }),
    );

    expect(
      await screen.findByText(/Request failed with 403 Forbidden/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Runs' }),
    ).not.toBeInTheDocument();
  });

  it('links each run to its execution in the AWS console of the mesh’s region, in a new tab', async () => {
    const api = mockAgentMeshApi({
      listRuns: async () => ({ items: [run(1)] }),
    });
    await renderWithApi(<RunsTable mesh={mesh} region="eu-west-1" />, api);
    const link = await screen.findByRole('link', {
      name: 'Open run-1 in the AWS console (opens in a new tab)',
    });
    expect(link).toHaveAttribute(
      'href',
      'https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:us-east-1:222222222222:execution:x:run-1',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('takes the region from the execution ARN when the mesh names none', async () => {
    const api = mockAgentMeshApi({
      listRuns: async () => ({ items: [run(1)] }),
    });
    await renderTable(api);
    expect(
      await screen.findByRole('link', {
        name: /^Open run-1 in the AWS console/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/states\/home\?region=us-east-1#/,
      ),
    );
  });

  it('shows only one agent’s runs, without the agent filter, on the agent’s page', async () => {
    const api = mockAgentMeshApi({
      listRuns: async () => ({ items: [run(1)] }),
    });
    await renderWithApi(<RunsTable mesh={mesh} agent="conductor" />, api);
    expect(await screen.findByText('Runs of conductor')).toBeInTheDocument();
    expect(screen.queryByLabelText('Agent')).not.toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith(mesh, {
      agent: 'conductor',
      limit: 20,
      cursor: undefined,
    });
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'FAILED');
    await waitFor(() =>
      expect(api.listRuns).toHaveBeenLastCalledWith(mesh, {
        status: 'FAILED',
        agent: 'conductor',
        limit: 20,
        cursor: undefined,
      }),
    );
  });
});
