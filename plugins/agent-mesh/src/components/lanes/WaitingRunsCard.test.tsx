import { permissionApiRef } from '@backstage/plugin-permission-react';
import { responseError } from '../../__testUtils__/responseError';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentMeshApi } from '../../api';
import { findEnabledButton } from '../../__testUtils__/buttons';
import {
  historyEntryFixture,
  waitingRunFixture,
} from '../../__testUtils__/fixtures';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import {
  permissionApiAllowing,
  uniqueMeshEntityRef,
} from '../../__testUtils__/permissionApi';
import { renderWithApi } from '../../__testUtils__/renderWithEntity';
import { WaitingRunsCard } from './WaitingRunsCard';

const mesh = { namespace: 'default', name: 'billing-staging' };

async function renderCard(
  api: AgentMeshApi,
  allowed: string[] = ['agent-mesh.approval.decide'],
) {
  return renderWithApi(
    <WaitingRunsCard
      mesh={mesh}
      entityRef={uniqueMeshEntityRef()}
      pollMs={0}
    />,
    api,
    [[permissionApiRef, permissionApiAllowing(...allowed)]],
  );
}

const decided = {
  run: waitingRunFixture({ status: 'approved' as const }),
  entry: historyEntryFixture({ action: 'run_approved' }),
};

describe('WaitingRunsCard', () => {
  it('shows a progress bar while loading, then says when no run waits', async () => {
    let answer: (value: { items: [] }) => void = () => {};
    await renderCard(
      mockAgentMeshApi({
        listWaitingRuns: () => new Promise(resolve => (answer = resolve)),
      }),
    );

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    answer({ items: [] });
    expect(
      await screen.findByText('No run waits at the approval gate.'),
    ).toBeInTheDocument();
  });

  it('keeps run names, agents and verdicts on one line and the dates short, the full date on hover', async () => {
    await renderCard(
      mockAgentMeshApi({
        listWaitingRuns: async () => ({
          items: [
            waitingRunFixture({
              executionName: 'conductor--execute--20261201T2103-1c0a7536',
              agent: 'conductor',
            }),
          ],
        }),
      }),
    );

    const name = await screen.findByText(
      'conductor--execute--20261201T2103-1c0a7536',
    );
    const row = within(name.closest('tr')!);
    expect(name.closest('td')).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(row.getByText('conductor').closest('td')).toHaveStyle({
      whiteSpace: 'nowrap',
    });
    const times = name.closest('tr')!.querySelectorAll('time');
    expect(times).toHaveLength(2);
    expect(times[0]).toHaveAttribute('dateTime', '2026-11-25T11:50:00.000Z');
    expect(times[0]).toHaveAttribute(
      'title',
      new Date('2026-11-25T11:50:00.000Z').toLocaleString(),
    );
    expect(times[0]).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(
      row.getByRole('button', {
        name: 'Approve run conductor--execute--20261201T2103-1c0a7536',
      }),
    ).toHaveStyle({ whiteSpace: 'nowrap' });
  });

  it('shows the error panel when the runs cannot be read', async () => {
    await renderCard(
      mockAgentMeshApi({
        listWaitingRuns: async () => {
          throw new Error('queue unreadable');
        },
      }),
    );

    expect(
      (await screen.findAllByText(/queue unreadable/))[0],
    ).toBeInTheDocument();
  });

  it('lists waiting runs with agent, lane and the critic’s verdict, and leaves decided ones out', async () => {
    await renderCard(
      mockAgentMeshApi({
        listWaitingRuns: async () => ({
          items: [
            waitingRunFixture(),
            waitingRunFixture({ executionName: 'run-41', status: 'expired' }),
          ],
        }),
      }),
    );

    await findEnabledButton('Approve run run-42');
    const row = screen
      .getAllByRole('row')
      .find(r => within(r).queryByText('run-42'))!;
    expect(row).toHaveTextContent('sweeper');
    expect(row).toHaveTextContent('execute');
    expect(row).toHaveTextContent('The plan deletes 3 stale keys');
    expect(screen.queryByText('run-41')).toBeNull();
  });

  it('disables the decisions with the reason without the approve permission', async () => {
    await renderCard(
      mockAgentMeshApi({
        listWaitingRuns: async () => ({ items: [waitingRunFixture()] }),
      }),
      [],
    );

    const approve = await screen.findByRole('button', {
      name: 'Approve run run-42',
    });
    await waitFor(() =>
      expect(approve).toHaveAccessibleDescription(
        'You may not approve or reject for this mesh (permission agent-mesh.approval.decide).',
      ),
    );
    expect(approve).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Reject run run-42' }),
    ).toBeDisabled();
  });

  it('approves a run with a reason', async () => {
    const api = mockAgentMeshApi({
      listWaitingRuns: async () => ({ items: [waitingRunFixture()] }),
      approveWaitingRun: async () => decided,
    });
    await renderCard(api);

    await userEvent.click(await findEnabledButton('Approve run run-42'));
    const dialog = await screen.findByRole('dialog', {
      name: 'Approve run run-42',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Reason (optional)' }),
      'Checked the plan',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Approved run-42: the run goes on.',
    );
    expect(api.approveWaitingRun).toHaveBeenCalledWith(mesh, 'run-42', {
      reason: 'Checked the plan',
      idempotencyKey: expect.any(String),
    });
    await waitFor(() => expect(api.listWaitingRuns).toHaveBeenCalledTimes(2));
  });

  it('rejects a run only with a reason', async () => {
    const api = mockAgentMeshApi({
      listWaitingRuns: async () => ({ items: [waitingRunFixture()] }),
      rejectWaitingRun: async () => decided,
    });
    await renderCard(api);

    await userEvent.click(await findEnabledButton('Reject run run-42'));
    const dialog = await screen.findByRole('dialog', {
      name: 'Reject run run-42',
    });
    expect(
      within(dialog).getByRole('button', { name: 'Reject' }),
    ).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Deletes too much',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reject' }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Rejected run-42: the run stops.',
    );
    expect(api.rejectWaitingRun).toHaveBeenCalledWith(mesh, 'run-42', {
      reason: 'Deletes too much',
      idempotencyKey: expect.any(String),
    });
  });

  it('says a run no longer waits on a 409, and keeps the dialog open with the error on other failures', async () => {
    const conflict = await responseError(
      409,
      'Conflict',
      'ConflictError',
      'not waiting',
    );
    const api = mockAgentMeshApi({
      listWaitingRuns: async () => ({ items: [waitingRunFixture()] }),
    });
    api.approveWaitingRun
      .mockRejectedValueOnce(new Error('Failed to fetch'))
      .mockRejectedValueOnce(conflict);
    await renderCard(api);

    await userEvent.click(await findEnabledButton('Approve run run-42'));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await userEvent.click(
      await within(dialog).findByRole('button', { name: 'Retry' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'run-42 no longer waits at the approval gate',
    );
    const keys = api.approveWaitingRun.mock.calls.map(
      c => c[2]?.idempotencyKey,
    );
    expect(keys[1]).toBe(keys[0]);
  });
});
