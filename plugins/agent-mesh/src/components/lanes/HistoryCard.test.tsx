import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentMeshApi } from '../../api';
import { renderWithApi } from '../../__testUtils__/renderWithEntity';
import { historyEntryFixture } from '../../__testUtils__/fixtures';
import { mockAgentMeshApi } from '../../__testUtils__/mockAgentMeshApi';
import { HistoryCard } from './HistoryCard';

const mesh = { namespace: 'default', name: 'billing-staging' };

async function renderCard(api: AgentMeshApi, agent?: string) {
  return renderWithApi(<HistoryCard mesh={mesh} agent={agent} />, api);
}

describe('HistoryCard', () => {
  it('shows a progress bar while loading', async () => {
    await renderCard(
      mockAgentMeshApi({ listHistory: () => new Promise(() => {}) }),
    );

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('says when there is no history yet', async () => {
    await renderCard(
      mockAgentMeshApi({ listHistory: async () => ({ items: [] }) }),
    );

    expect(await screen.findByText(/No lane change yet/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Older entries' }),
    ).toBeDisabled();
  });

  it('shows the error panel when the history cannot be read', async () => {
    await renderCard(
      mockAgentMeshApi({
        listHistory: async () => {
          throw new Error('history unavailable');
        },
      }),
    );

    expect(
      (await screen.findAllByText(/history unavailable/))[0],
    ).toBeInTheDocument();
  });

  it('shows actor, action, agent, lanes, version and reason of each entry', async () => {
    await renderCard(
      mockAgentMeshApi({
        listHistory: async () => ({
          items: [
            historyEntryFixture(),
            historyEntryFixture({
              id: 'h-2',
              action: 'run_approved',
              actor: 'user:default/bob',
              agent: 'sweeper',
              fromLane: undefined,
              toLane: undefined,
              version: undefined,
              executionName: 'run-42',
              reason: undefined,
            }),
          ],
        }),
      }),
      'conductor',
    );

    const promoted = (await screen.findAllByRole('row')).find(r =>
      within(r).queryByText('Promoted'),
    )!;
    expect(promoted).toHaveTextContent('user:default/alice');
    expect(promoted).toHaveTextContent('conductor');
    expect(promoted).toHaveTextContent('read_only → dry_run');
    expect(promoted).toHaveTextContent('Ready for dry runs');
    const approved = screen
      .getAllByRole('row')
      .find(r => within(r).queryByText('Run approved'))!;
    expect(approved).toHaveTextContent('run-42');
  });

  it('pages with the backend cursor, 20 entries a page, and back', async () => {
    const api = mockAgentMeshApi({
      listHistory: async (_mesh, query) =>
        query?.cursor === '17'
          ? {
              items: [
                historyEntryFixture({ id: 'h-old', reason: 'older one' }),
              ],
            }
          : {
              items: [historyEntryFixture({ reason: 'newest one' })],
              nextCursor: '17',
            },
    });
    await renderCard(api, 'conductor');

    expect(await screen.findByText('newest one')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Newer entries' }),
    ).toBeDisabled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Older entries' }),
    );

    expect(await screen.findByText('older one')).toBeInTheDocument();
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Older entries' }),
    ).toBeDisabled();
    expect(api.listHistory).toHaveBeenLastCalledWith(mesh, {
      agent: 'conductor',
      limit: 20,
      cursor: '17',
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Newer entries' }),
    );
    expect(await screen.findByText('newest one')).toBeInTheDocument();
    expect(screen.getByText('Page 1')).toBeInTheDocument();
  });
});
