import { RunSummary } from '@agent-mesh/plugin-agent-mesh-common';
import { screen, within } from '@testing-library/react';
import { AgentMeshApi } from '../../api';
import { renderWithApi } from '../../__testUtils__/renderWithEntity';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import { bucketRuns, RunsChart } from './RunsChart';

const mesh = { namespace: 'default', name: 'billing-staging' };
const HOUR = 3_600_000;

function run(partial: Partial<RunSummary> & { startDate: string }): RunSummary {
  return {
    name: `run-${partial.startDate}`,
    executionArn: 'arn:aws:states:us-east-1:1:execution:x:run',
    status: 'SUCCEEDED',
    lane: 'dry_run',
    ...partial,
  };
}

function renderChart(api: AgentMeshApi) {
  return renderWithApi(<RunsChart mesh={mesh} />, api);
}

describe('bucketRuns', () => {
  const from = Date.parse('2026-11-25T00:00:00.000Z');

  it('counts finished runs per hour, lane and outcome, failed including timed out', () => {
    const { rows, series } = bucketRuns(
      [
        run({ startDate: '2026-11-25T00:10:00.000Z' }),
        run({ startDate: '2026-11-25T00:50:00.000Z', status: 'FAILED' }),
        run({
          startDate: '2026-11-25T01:05:00.000Z',
          status: 'TIMED_OUT',
          lane: 'execute',
        }),
        run({ startDate: '2026-11-25T01:06:00.000Z', status: 'RUNNING' }),
        run({ startDate: '2026-11-24T23:59:00.000Z' }),
      ],
      from,
      3,
    );

    expect(series).toEqual([
      'dry_run succeeded',
      'dry_run failed',
      'execute failed',
    ]);
    expect(rows).toEqual([
      {
        hour: '00:00',
        'dry_run succeeded': 1,
        'dry_run failed': 1,
        'execute failed': 0,
      },
      {
        hour: '01:00',
        'dry_run succeeded': 0,
        'dry_run failed': 0,
        'execute failed': 1,
      },
      {
        hour: '02:00',
        'dry_run succeeded': 0,
        'dry_run failed': 0,
        'execute failed': 0,
      },
    ]);
  });
});

describe('RunsChart', () => {
  it('reads the runs of the last 24 h and draws a legend entry per lane and outcome', async () => {
    const now = Date.now();
    const api = mockAgentMeshApi({
      listRuns: async () => ({
        items: [
          run({ startDate: new Date(now - HOUR).toISOString() }),
          run({
            startDate: new Date(now - 2 * HOUR).toISOString(),
            status: 'FAILED',
            lane: 'read_only',
          }),
        ],
        nextCursor: 'more',
      }),
    });
    await renderChart(api);

    const figure = await screen.findByRole('figure', {
      name: 'Runs per hour over the last 24 h, succeeded and failed by lane',
    });
    expect(within(figure).getByText('dry_run succeeded')).toBeInTheDocument();
    expect(within(figure).getByText('read_only failed')).toBeInTheDocument();
    expect(
      within(figure).getByText(
        /Only the latest 200 runs of the window are counted/,
      ),
    ).toBeInTheDocument();
    const [, query] = api.listRuns.mock.calls[0];
    expect(query?.limit).toBe(200);
    expect(now - Date.parse(query!.from!)).toBeLessThanOrEqual(24 * HOUR);
    expect(now - Date.parse(query!.from!)).toBeGreaterThan(23 * HOUR);
  });

  it('says when no run finished in the window', async () => {
    await renderChart(
      mockAgentMeshApi({ listRuns: async () => ({ items: [] }) }),
    );

    expect(
      await screen.findByText('No finished runs in the last 24 h.'),
    ).toBeInTheDocument();
  });

  it('shows the error panel when the runs cannot be read', async () => {
    await renderChart(
      mockAgentMeshApi({
        listRuns: async () => {
          throw new Error('runs unavailable');
        },
      }),
    );

    expect(
      (await screen.findAllByText(/runs unavailable/))[0],
    ).toBeInTheDocument();
  });
});
