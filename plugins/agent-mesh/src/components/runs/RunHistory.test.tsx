import { RunDetailResponse } from '@agent-mesh/plugin-agent-mesh-common';
import { screen, within } from '@testing-library/react';
import { AgentMeshApi } from '../../api';
import { renderWithApi } from '../../__testUtils__/renderWithEntity';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import { RunHistory } from './RunHistory';

const mesh = { namespace: 'default', name: 'billing-staging' };

function detail(
  history: Partial<RunDetailResponse['history']> = {},
): RunDetailResponse {
  return {
    run: {
      name: 'run-7',
      executionArn: 'arn:aws:states:us-east-1:222222222222:execution:x:run-7',
      agent: 'critic',
      lane: 'dry_run',
      status: 'FAILED',
      startDate: '2026-11-25T10:00:00.000Z',
      stopDate: '2026-11-25T10:01:00.000Z',
    },
    history: {
      status: 'ok',
      fetchedAt: '2026-11-25T10:02:00.000Z',
      truncated: false,
      events: [
        {
          id: 1,
          timestamp: '2026-11-25T10:00:00.000Z',
          type: 'ExecutionStarted',
        },
        {
          id: 2,
          previousEventId: 1,
          timestamp: '2026-11-25T10:00:30.000Z',
          type: 'TaskFailed',
          stateName: 'Review',
          error: 'States.TaskFailed',
          cause: 'critic exited 1',
        },
      ],
      ...history,
    },
  };
}

function renderHistory(api: AgentMeshApi) {
  return renderWithApi(<RunHistory mesh={mesh} runName="run-7" />, api);
}

describe('RunHistory', () => {
  it('lists the run events with state and error', async () => {
    const api = mockAgentMeshApi({ getRun: async () => detail() });

    await renderHistory(api);

    const table = await screen.findByRole('table', { name: 'Events of run-7' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByText('TaskFailed')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Review')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('States.TaskFailed: critic exited 1'),
    ).toBeInTheDocument();
    expect(api.getRun).toHaveBeenCalledWith(mesh, 'run-7');
  });

  it('says when the history is truncated', async () => {
    await renderHistory(
      mockAgentMeshApi({ getRun: async () => detail({ truncated: true }) }),
    );

    expect(
      await screen.findByText(
        'The history is longer; only its first 2 events are shown.',
      ),
    ).toBeInTheDocument();
  });

  it('warns when Step Functions could not be read for the history', async () => {
    await renderHistory(
      mockAgentMeshApi({
        getRun: async () =>
          detail({
            status: 'error',
            error: { name: 'ThrottlingException', message: 'Rate exceeded' },
            fetchedAt: undefined,
            events: [],
          }),
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Run history unavailable: ThrottlingException — Rate exceeded',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
