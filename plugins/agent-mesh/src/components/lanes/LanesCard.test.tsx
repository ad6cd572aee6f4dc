import { ListLanesResponse } from '@agent-mesh/plugin-agent-mesh-common';
import {
  agentLaneFixture,
  failingGateReportFixture,
  findEnabledButton,
  gateReportFixture,
  historyEntryFixture,
  lanesFixture,
  mockAgentMeshApi,
  promotionRequestFixture,
  responseError,
  renderLaneCard,
  STAGING_MESH,
} from '../../__testUtils__';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentMeshApi } from '../../api';
import { LanesCard } from './LanesCard';

const ALL = [
  'agent-mesh.lane.promote',
  'agent-mesh.lane.demote',
  'agent-mesh.approval.decide',
];

async function renderCard(
  api: AgentMeshApi,
  allowed: string[] = ALL,
  props: {
    refreshIntervalSeconds?: number;
    agent?: string;
    onChange?: () => void;
  } = {},
) {
  return renderLaneCard(ids => <LanesCard {...ids} {...props} />, api, {
    allowed,
  });
}

function rowOf(agent: string) {
  return screen
    .getAllByRole('row')
    .find(row => within(row).queryByText(agent, { selector: 'a, td' }))!;
}

async function openPromotion(name: string) {
  await userEvent.click(await findEnabledButton(name));
  return screen.findByRole('dialog');
}

describe('LanesCard', () => {
  it('shows a progress bar while the lanes load', async () => {
    await renderCard(
      mockAgentMeshApi({ listLanes: () => new Promise(() => {}) }),
    );

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the error panel when the lanes cannot be read', async () => {
    const error = await responseError(
      403,
      'Forbidden',
      'NotAllowedError',
      'may not read this mesh',
    );
    await renderCard(
      mockAgentMeshApi({ listLanes: () => Promise.reject(error) }),
    );

    expect(
      (await screen.findAllByText(/may not read this mesh/))[0],
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Promote/ })).toBeNull();
  });

  it('says the mesh has no agents', async () => {
    await renderCard(
      mockAgentMeshApi({ listLanes: async () => lanesFixture({ items: [] }) }),
    );

    expect(
      await screen.findByText('No agents in this mesh'),
    ).toBeInTheDocument();
  });

  it('says the lanes are not read yet before the first refresh', async () => {
    await renderCard(
      mockAgentMeshApi({
        listLanes: async () =>
          lanesFixture({ status: 'pending', fetchedAt: undefined, items: [] }),
      }),
    );

    expect(
      await screen.findByText(
        /Lanes not read yet: the first refresh has not run/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('No agents in this mesh')).toBeNull();
  });

  it('shows each agent’s lane and version with buttons named for the change', async () => {
    await renderCard(
      mockAgentMeshApi({ listLanes: async () => lanesFixture() }),
    );

    expect(
      await screen.findByRole('button', {
        name: 'Promote conductor to dry_run',
      }),
    ).toBeInTheDocument();
    const critic = rowOf('critic');
    expect(within(critic).getByText('dry_run')).toBeInTheDocument();
    expect(within(critic).getByText('4')).toBeInTheDocument();
    expect(
      within(critic).getByRole('button', { name: 'Promote critic to execute' }),
    ).toBeInTheDocument();
    expect(
      within(critic).getByRole('button', {
        name: 'Demote critic to read_only',
      }),
    ).toBeInTheDocument();
    const sweeper = rowOf('sweeper');
    expect(
      within(sweeper).getByText('Top lane of this mesh'),
    ).toBeInTheDocument();
    expect(
      within(sweeper).getByRole('button', {
        name: 'Demote sweeper to dry_run',
      }),
    ).toBeInTheDocument();
    expect(
      within(sweeper).getByRole('button', {
        name: 'Demote sweeper to read_only',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Evidence is stale/)).toBeNull();
  });

  it('warns that the evidence is stale when the lanes are older than two refresh intervals', async () => {
    await renderCard(
      mockAgentMeshApi({
        listLanes: async () =>
          lanesFixture({
            fetchedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          }),
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Evidence is stale: the lanes were read 10 min ago',
    );
  });

  it('takes the refresh interval it is given into account', async () => {
    await renderCard(
      mockAgentMeshApi({
        listLanes: async () =>
          lanesFixture({
            fetchedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          }),
      }),
      ALL,
      { refreshIntervalSeconds: 600 },
    );

    expect(
      await screen.findByRole('button', {
        name: 'Promote conductor to dry_run',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Evidence is stale/)).toBeNull();
  });

  it('disables promotion with the reason when the user may not promote, and keeps demotion', async () => {
    await renderCard(
      mockAgentMeshApi({ listLanes: async () => lanesFixture() }),
      ['agent-mesh.lane.demote'],
    );

    const reason =
      'You may not promote agents of this mesh (permission agent-mesh.lane.promote).';
    const promote = await screen.findByRole('button', {
      name: 'Promote conductor to dry_run',
    });
    await waitFor(() => expect(promote).toHaveAccessibleDescription(reason));
    expect(promote).toBeDisabled();
    expect(screen.getByText(reason)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Demote critic to read_only' }),
    ).toBeEnabled();
  });

  it('disables demotion with the reason when the user may not demote', async () => {
    await renderCard(
      mockAgentMeshApi({ listLanes: async () => lanesFixture() }),
      [],
    );

    const demote = await screen.findByRole('button', {
      name: 'Demote sweeper to dry_run',
    });
    await waitFor(() =>
      expect(demote).toHaveAccessibleDescription(
        'You may not demote agents of this mesh (permission agent-mesh.lane.demote).',
      ),
    );
    expect(demote).toBeDisabled();
  });

  it('disables promoting an agent whose promotion waits for approval', async () => {
    const lanes = lanesFixture();
    lanes.items[1] = {
      ...lanes.items[1],
      pendingRequest: promotionRequestFixture(),
    };
    await renderCard(mockAgentMeshApi({ listLanes: async () => lanes }));

    const button = await screen.findByRole('button', {
      name: 'Promote critic to execute',
    });
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(
        'A promotion to execute waits for approval (requested by user:default/bob).',
      ),
    );
    expect(button).toBeDisabled();
  });

  it('shows the gate checklist on demand, before any click on promote', async () => {
    const api = mockAgentMeshApi({
      listLanes: async () => lanesFixture(),
      getPromotionGates: async () => failingGateReportFixture(),
    });
    await renderCard(api);

    const toggle = await screen.findByRole('button', {
      name: 'Show gates of conductor',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);

    const list = await screen.findByRole('list', {
      name: 'Gates of promoting conductor from read_only to dry_run',
    });
    expect(within(list).getAllByRole('listitem')).toHaveLength(6);
    expect(
      screen.getByText('1 of 6 gates fail', { exact: false }),
    ).toBeInTheDocument();
    const failing = within(list)
      .getAllByRole('listitem')
      .filter(item => item.textContent?.startsWith('failed'));
    expect(failing).toHaveLength(1);
    expect(failing[0]).toHaveTextContent(
      // The title holds the threshold and the reason the measured value: each once.
      /^failed: Failure rate in read_only at most 10 %3 of the finished runs in read_only failed or timed out: 25 %$/,
    );
    expect(api.getPromotionGates).toHaveBeenCalledWith(
      STAGING_MESH,
      'conductor',
    );
    expect(api.promoteAgent).not.toHaveBeenCalled();
  });

  it('keeps the lane buttons on one line and the last change compact, with the full date on hover', async () => {
    await renderCard(
      mockAgentMeshApi({ listLanes: async () => lanesFixture() }),
    );

    const promote = await screen.findByRole('button', {
      name: 'Promote conductor to dry_run',
    });
    expect(promote).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(promote).toHaveTextContent('Promote to dry_run');
    expect(
      screen.getByRole('button', { name: 'Demote sweeper to read_only' }),
    ).toHaveStyle({ whiteSpace: 'nowrap' });
    const toggle = screen.getByRole('button', {
      name: 'Show gates of conductor',
    });
    expect(toggle).toHaveStyle({ whiteSpace: 'nowrap' });
    const times = document.querySelectorAll('time');
    expect(times.length).toBeGreaterThan(0);
    for (const time of Array.from(times)) {
      expect(time).toHaveStyle({ whiteSpace: 'nowrap' });
      expect(time).toHaveTextContent(/^\d+ (s|min|h|d) ago$/);
      expect(time.getAttribute('title')).toBeTruthy();
    }
  });

  it('shows the gate checklist in a full-width panel under the table, not inside the agent’s row', async () => {
    await renderCard(
      mockAgentMeshApi({
        listLanes: async () => lanesFixture(),
        getPromotionGates: async () => failingGateReportFixture(),
      }),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Show gates of conductor' }),
    );
    const list = await screen.findByRole('list', {
      name: 'Gates of promoting conductor from read_only to dry_run',
    });
    const panel = screen.getByRole('region', {
      name: 'Gates of conductor: read_only → dry_run',
    });
    expect(panel).toContainElement(list);
    expect(panel.closest('table')).toBeNull();
    const toggle = screen.getByRole('button', {
      name: 'Hide gates of conductor',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAttribute('aria-controls', panel.id);
    await userEvent.click(toggle);
    expect(
      screen.queryByRole('region', {
        name: 'Gates of conductor: read_only → dry_run',
      }),
    ).toBeNull();
  });

  it('promotes after the confirmation with the lane and version seen and the reason', async () => {
    let reads = 0;
    const api = mockAgentMeshApi({
      listLanes: async () => {
        reads += 1;
        const lanes = lanesFixture();
        if (reads > 1) {
          lanes.items[0] = agentLaneFixture({ lane: 'dry_run', version: 3 });
        }
        return lanes;
      },
      getPromotionGates: async () => gateReportFixture(),
      promoteAgent: async () => ({
        kind: 'applied',
        response: {
          outcome: 'applied',
          lane: { lane: 'dry_run', version: 3 },
          entry: historyEntryFixture(),
        },
      }),
    });
    const onChange = jest.fn();
    await renderCard(api, ALL, { onChange });

    const dialog = await openPromotion('Promote conductor to dry_run');
    expect(dialog).toHaveAccessibleName(
      'Promote conductor from read_only to dry_run',
    );
    expect(
      await within(dialog).findByText('All 6 gates pass', { exact: false }),
    ).toBeInTheDocument();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Reason (optional)' }),
      'Ready for dry runs',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'conductor is now in dry_run (version 3). Its next run uses this lane.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.promoteAgent).toHaveBeenCalledWith(STAGING_MESH, 'conductor', {
      from: 'read_only',
      to: 'dry_run',
      expectedVersion: 2,
      reason: 'Ready for dry runs',
      idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,128}$/),
    });
    expect(onChange).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(
        within(rowOf('conductor')).getByText('dry_run'),
      ).toBeInTheDocument(),
    );
  });

  it('cannot confirm a promotion whose gates fail, and names the failing gate', async () => {
    const api = mockAgentMeshApi({
      listLanes: async () => lanesFixture(),
      getPromotionGates: async () => failingGateReportFixture(),
    });
    await renderCard(api);

    const dialog = await openPromotion('Promote conductor to dry_run');

    expect(
      await within(dialog).findByText('Failure rate in read_only at most 10 %'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        '3 of the finished runs in read_only failed or timed out: 25 %',
      ),
    ).toBeInTheDocument();
    const confirm = within(dialog).getByRole('button', { name: 'Promote' });
    expect(confirm).toBeDisabled();
    expect(confirm).toHaveAccessibleDescription(
      'A gate fails: the promotion would be refused.',
    );
  });

  it('shows the gate that failed when the backend refuses the promotion with 422', async () => {
    const api = mockAgentMeshApi({
      listLanes: async () => lanesFixture(),
      getPromotionGates: async () => gateReportFixture(),
      promoteAgent: async () => ({
        kind: 'gates_failed',
        report: failingGateReportFixture(),
        message: 'A gate failed',
      }),
    });
    await renderCard(api);

    const dialog = await openPromotion('Promote conductor to dry_run');
    await within(dialog).findByText('All 6 gates pass', { exact: false });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      'The backend refused the promotion: a gate failed.',
    );
    expect(alert).toHaveTextContent(
      'Failure rate in read_only at most 10 %: 3 of the finished runs in read_only failed or timed out: 25 %',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Promote' }),
    ).toBeDisabled();
    expect(api.listLanes).toHaveBeenCalledTimes(1);
  });

  it('says someone else changed the lane on a 409, and shows the fresh state', async () => {
    let reads = 0;
    const api = mockAgentMeshApi({
      listLanes: async () => {
        reads += 1;
        const lanes: ListLanesResponse = lanesFixture();
        if (reads > 1) {
          lanes.items[0] = agentLaneFixture({
            lane: 'execute',
            version: 7,
            promotableTo: undefined,
            demotableTo: ['dry_run', 'read_only'],
          });
        }
        return lanes;
      },
      getPromotionGates: async () => gateReportFixture(),
      promoteAgent: async () => ({
        kind: 'conflict',
        current: { lane: 'execute', version: 7 },
        message: 'The lane changed',
      }),
    });
    await renderCard(api);

    const dialog = await openPromotion('Promote conductor to dry_run');
    await within(dialog).findByText('All 6 gates pass', { exact: false });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Someone else changed the lane of conductor to execute (version 7)',
    );
    expect(
      await screen.findByRole('button', {
        name: 'Demote conductor to dry_run',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Promote conductor to dry_run' }),
    ).toBeNull();
    expect(within(rowOf('conductor')).getByText('7')).toBeInTheDocument();
  });

  it('asks for a promotion that needs a second person, and says it waits', async () => {
    const api = mockAgentMeshApi({
      listLanes: async () => lanesFixture(),
      getPromotionGates: async () =>
        gateReportFixture({
          agent: 'critic',
          from: 'dry_run',
          to: 'execute',
          version: 4,
          requiresApproval: true,
        }),
      promoteAgent: async () => ({
        kind: 'pending_approval',
        response: {
          outcome: 'pending_approval',
          lane: { lane: 'dry_run', version: 4 },
          entry: historyEntryFixture({ action: 'promotion_requested' }),
          request: promotionRequestFixture(),
        },
      }),
    });
    await renderCard(api);

    const dialog = await openPromotion('Promote critic to execute');
    expect(
      await within(dialog).findByText(
        /needs a second person’s approval in staging/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request promotion' }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'The promotion of critic to execute waits for a second person’s approval.',
    );
  });

  it('retries a failed promotion with the same idempotency key', async () => {
    const api = mockAgentMeshApi({
      listLanes: async () => lanesFixture(),
      getPromotionGates: async () => gateReportFixture(),
    });
    api.promoteAgent
      .mockRejectedValueOnce(new Error('Failed to fetch'))
      .mockResolvedValueOnce({
        kind: 'applied',
        response: {
          outcome: 'applied',
          lane: { lane: 'dry_run', version: 3 },
          entry: historyEntryFixture(),
        },
      });
    await renderCard(api);

    const dialog = await openPromotion('Promote conductor to dry_run');
    await within(dialog).findByText('All 6 gates pass', { exact: false });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );
    expect(
      (await within(dialog).findAllByText(/Failed to fetch/))[0],
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Retry' }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'conductor is now in dry_run',
    );
    const [first, second] = api.promoteAgent.mock.calls.map(
      call => call[2].idempotencyKey,
    );
    // One intent, one key: a UUID, sent again by the retry.
    expect(api.promoteAgent).toHaveBeenCalledTimes(2);
    expect(first).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(second).toBe(first);
  });

  it('demotes without gates after the confirmation', async () => {
    const api = mockAgentMeshApi({
      listLanes: async () => lanesFixture(),
      demoteAgent: async () => ({
        kind: 'applied',
        response: {
          outcome: 'applied',
          lane: { lane: 'read_only', version: 6 },
          entry: historyEntryFixture({ action: 'demoted' }),
        },
      }),
    });
    await renderCard(api);

    const dialog = await openPromotion('Demote sweeper to read_only');
    expect(dialog).toHaveAccessibleName(
      'Demote sweeper from execute to read_only',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Demote' }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'sweeper is now in read_only (version 6).',
    );
    expect(api.getPromotionGates).not.toHaveBeenCalled();
    expect(api.demoteAgent).toHaveBeenCalledWith(STAGING_MESH, 'sweeper', {
      from: 'execute',
      to: 'read_only',
      expectedVersion: 5,
      reason: undefined,
      idempotencyKey: expect.any(String),
    });
  });

  it('cannot confirm a promotion when the gates were evaluated on a lane that moved since', async () => {
    await renderCard(
      mockAgentMeshApi({
        listLanes: async () => lanesFixture(),
        getPromotionGates: async () =>
          gateReportFixture({ from: 'dry_run', to: 'execute', version: 3 }),
      }),
    );

    const dialog = await openPromotion('Promote conductor to dry_run');

    const confirm = await within(dialog).findByRole('button', {
      name: 'Promote',
    });
    await within(dialog).findByText('All 6 gates pass', { exact: false });
    expect(confirm).toBeDisabled();
    expect(confirm).toHaveAccessibleDescription(
      /The lane of conductor changed since this page was read: it is now dry_run \(version 3\)/,
    );
  });

  it('narrows the card to one agent, with its own controls only', async () => {
    await renderCard(
      mockAgentMeshApi({ listLanes: async () => lanesFixture() }),
      ALL,
      { agent: 'critic' },
    );
    expect(
      await screen.findByRole('button', { name: 'Promote critic to execute' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Lane of critic')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /conductor/ }),
    ).not.toBeInTheDocument();
  });

  it('says when the mesh has no lane for the agent', async () => {
    await renderCard(
      mockAgentMeshApi({ listLanes: async () => lanesFixture() }),
      ALL,
      { agent: 'reviewer' },
    );
    expect(
      await screen.findByText('No agent reviewer in this mesh'),
    ).toBeInTheDocument();
  });
});
