import {
  failingGateReportFixture,
  findEnabledButton,
  historyEntryFixture,
  mockAgentMeshApi,
  promotionRequestFixture,
  responseError,
  renderLaneCard,
  STAGING_MESH,
} from '../../__testUtils__';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentMeshApi } from '../../api';
import { PromotionRequestsCard } from './PromotionRequestsCard';

const APPROVE = 'agent-mesh.approval.decide';

async function renderCard(
  api: AgentMeshApi,
  options: { allowed?: string[]; user?: string; onChange?: () => void } = {},
) {
  const { allowed = [APPROVE], user = 'user:default/alice' } = options;
  return renderLaneCard(
    ids => <PromotionRequestsCard {...ids} onChange={options.onChange} />,
    api,
    { allowed, user },
  );
}

describe('PromotionRequestsCard', () => {
  it('shows a progress bar while loading', async () => {
    await renderCard(
      mockAgentMeshApi({ listPromotionRequests: () => new Promise(() => {}) }),
    );

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('says when no request waits', async () => {
    await renderCard(
      mockAgentMeshApi({ listPromotionRequests: async () => ({ items: [] }) }),
    );

    expect(
      await screen.findByText('No promotion request waits for approval.'),
    ).toBeInTheDocument();
  });

  it('shows the error panel when the requests cannot be read', async () => {
    await renderCard(
      mockAgentMeshApi({
        listPromotionRequests: async () => {
          throw new Error('database unavailable');
        },
      }),
    );

    expect(
      (await screen.findAllByText(/database unavailable/))[0],
    ).toBeInTheDocument();
  });

  it('lists pending requests with who asked, when and why', async () => {
    await renderCard(
      mockAgentMeshApi({
        listPromotionRequests: async () => ({
          items: [promotionRequestFixture()],
        }),
      }),
    );

    await findEnabledButton('Approve promotion of critic to execute');
    const row = screen
      .getAllByRole('row')
      .find(r => within(r).queryByText('critic'))!;
    expect(row).toHaveTextContent('user:default/bob');
    expect(row).toHaveTextContent('Critic has been clean for a week');
    expect(within(row).getByText('dry_run')).toBeInTheDocument();
    expect(within(row).getByText('execute')).toBeInTheDocument();
  });

  it('does not let the requester approve their own request, and says why; they may withdraw it', async () => {
    await renderCard(
      mockAgentMeshApi({
        listPromotionRequests: async () => ({
          items: [promotionRequestFixture()],
        }),
      }),
      { user: 'user:default/bob', allowed: [] },
    );

    const approve = await screen.findByRole('button', {
      name: 'Approve promotion of critic to execute',
    });
    await waitFor(() =>
      expect(approve).toHaveAccessibleDescription(
        'You requested this promotion: a second person must approve it.',
      ),
    );
    expect(approve).toBeDisabled();
    expect(
      await findEnabledButton('Withdraw promotion of critic to execute'),
    ).toBeInTheDocument();
  });

  it('disables approve and reject with the reason without the approve permission', async () => {
    await renderCard(
      mockAgentMeshApi({
        listPromotionRequests: async () => ({
          items: [promotionRequestFixture()],
        }),
      }),
      { allowed: [] },
    );

    const reason =
      'You may not approve or reject for this mesh (permission agent-mesh.approval.decide).';
    const reject = await screen.findByRole('button', {
      name: 'Reject promotion of critic to execute',
    });
    await waitFor(() => expect(reject).toHaveAccessibleDescription(reason));
    expect(reject).toBeDisabled();
    expect(
      screen.getByRole('button', {
        name: 'Approve promotion of critic to execute',
      }),
    ).toBeDisabled();
  });

  it('approves with a reason, says the new lane and reads the list again', async () => {
    const onChange = jest.fn();
    const api = mockAgentMeshApi({
      listPromotionRequests: async () => ({
        items: [promotionRequestFixture()],
      }),
      approvePromotionRequest: async () => ({
        kind: 'approved',
        response: {
          request: promotionRequestFixture({ status: 'approved' }),
          lane: { lane: 'execute', version: 5 },
          entry: historyEntryFixture({ action: 'request_approved' }),
        },
      }),
    });
    await renderCard(api, { onChange });

    await userEvent.click(
      await findEnabledButton('Approve promotion of critic to execute'),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Approve the promotion of critic to execute',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Reason (optional)' }),
      'Clean week',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Approved: critic is now in execute (version 5).',
    );
    expect(api.approvePromotionRequest).toHaveBeenCalledWith(
      STAGING_MESH,
      'req-1',
      {
        reason: 'Clean week',
        idempotencyKey: expect.any(String),
      },
    );
    expect(onChange).toHaveBeenCalled();
    await waitFor(() =>
      expect(api.listPromotionRequests).toHaveBeenCalledTimes(2),
    );
  });

  it.each([
    [
      'says someone else changed the lane when the approval gets a 409',
      {
        kind: 'conflict',
        current: { lane: 'read_only', version: 6 },
        message: 'lane changed',
      },
      'Someone else changed the lane of critic to read_only (version 6)',
    ],
    [
      'names the failing gate when the approval is refused with 422',
      {
        kind: 'gates_failed',
        report: failingGateReportFixture(),
        message: 'A gate failed',
      },
      'Not approved: a gate fails now. Failure rate in read_only at most 10 %: 3 of the finished runs in read_only failed or timed out: 25 %',
    ],
  ] as const)('%s', async (_case, result, alert) => {
    await renderCard(
      mockAgentMeshApi({
        listPromotionRequests: async () => ({
          items: [promotionRequestFixture()],
        }),
        approvePromotionRequest: async () =>
          result as Awaited<
            ReturnType<AgentMeshApi['approvePromotionRequest']>
          >,
      }),
    );

    await userEvent.click(
      await findEnabledButton('Approve promotion of critic to execute'),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Approve',
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(alert);
  });

  it('rejects only with a reason', async () => {
    const api = mockAgentMeshApi({
      listPromotionRequests: async () => ({
        items: [promotionRequestFixture()],
      }),
      rejectPromotionRequest: async () => ({
        request: promotionRequestFixture({ status: 'rejected' }),
        entry: historyEntryFixture({ action: 'request_rejected' }),
      }),
    });
    await renderCard(api);

    await userEvent.click(
      await findEnabledButton('Reject promotion of critic to execute'),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Reject the promotion of critic to execute',
    });
    const confirm = within(dialog).getByRole('button', { name: 'Reject' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Too early',
    );
    await userEvent.click(confirm);

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Rejected the promotion of critic to execute.',
    );
    expect(api.rejectPromotionRequest).toHaveBeenCalledWith(
      STAGING_MESH,
      'req-1',
      {
        reason: 'Too early',
        idempotencyKey: expect.any(String),
      },
    );
  });

  it('says a request decided meanwhile is no longer pending', async () => {
    const error = await responseError(
      409,
      'Conflict',
      'ConflictError',
      'not pending',
    );
    await renderCard(
      mockAgentMeshApi({
        listPromotionRequests: async () => ({
          items: [promotionRequestFixture()],
        }),
        rejectPromotionRequest: () => Promise.reject(error),
      }),
    );

    await userEvent.click(
      await findEnabledButton('Reject promotion of critic to execute'),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'No',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reject' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The promotion of critic to execute is no longer pending',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
