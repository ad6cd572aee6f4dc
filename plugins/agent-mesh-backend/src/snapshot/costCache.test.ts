import { TestDatabases } from '@backstage/backend-test-utils';
import { CostBundle, CostExplorerService } from '../aws/costExplorerService';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import { cachedCost } from './costCache';

const HOUR = 3_600_000;
const DAY0 = Date.parse('2026-12-02T00:30:00Z');
const MESH = 'system:default/billing-dev';
const BUNDLE: CostBundle = {
  currency: 'USD',
  start: '2026-10-01',
  end: '2026-12-03',
  byService: [],
  byAgentLane: [],
};

/** A Cost Explorer that counts the requests it would send: `pages` of usage per grouping, then a forecast. */
function fakeCostExplorer(behaviour: { failFirst?: boolean; pages?: number }) {
  const sent: string[] = [];
  const service: CostExplorerService = {
    async fetchCost(_target, _now, options = {}) {
      const send = (request: string) => {
        options.beforeRequest?.();
        sent.push(request);
        if (behaviour.failFirst) throw new Error('Throttled');
      };
      for (let page = 0; page < (behaviour.pages ?? 1); page += 1) {
        send('GetCostAndUsage SERVICE');
      }
      send('GetCostAndUsage AGENT,LANE');
      send('GetCostForecast');
      return BUNDLE;
    },
  };
  return { service, sent };
}

describe('cachedCost', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(behaviour: { failFirst?: boolean; pages?: number }) {
    const knex = await databases.init('SQLITE_3');
    const store = await KnexSnapshotStore.create({
      database: { getClient: async () => knex },
    });
    const costExplorer = fakeCostExplorer(behaviour);
    const read = (atMs: number, ttlHours = 6) =>
      cachedCost({
        store,
        costExplorer: costExplorer.service,
        meshRef: MESH,
        target: { accountId: '123456789012', meshId: 'billing-dev' },
        now: new Date(atMs),
        ttlMs: ttlHours * HOUR,
        maxRequestsPerDay: 4,
      });
    return { read, sent: costExplorer.sent, store };
  }

  it('asks at most 4 times a day whatever the TTL: one fetch, then the stored answer until the next UTC day', async () => {
    // GIVEN a TTL of 6 h, shorter than the daily bound allows
    const { read, sent } = await setup({});

    // WHEN the refresh reads the cost every hour for a day and a half
    for (let hour = 0; hour < 36; hour += 1) {
      await read(DAY0 + hour * HOUR);
    }

    // THEN one fetch on each UTC day: 3 requests each
    expect(sent).toHaveLength(6);
    expect((await read(DAY0 + 36 * HOUR)).requests).toEqual({
      day: '2026-12-03',
      count: 3,
    });
  });

  it('retries a fetch that failed at its first request once, then waits for the next day', async () => {
    const { read, sent } = await setup({ failFirst: true });

    const first = await read(DAY0);
    expect(first.error).toEqual({ name: 'Error', message: 'Throttled' });
    await read(DAY0 + 15 * 60_000);
    await read(DAY0 + 30 * 60_000);
    await read(DAY0 + 3 * HOUR);

    // 1 request failed, room for one more full fetch (1 + 3 <= 4), which failed at its first request too.
    expect(sent).toHaveLength(2);
  });

  it('stops a paged fetch before the request that would pass the bound, keeping the last good answer', async () => {
    const { read, sent, store } = await setup({ pages: 5 });

    const cost = await read(DAY0);

    expect(sent).toHaveLength(4);
    expect(cost.error).toMatchObject({
      name: 'CostRequestBoundReached',
      message: expect.stringContaining('agentMesh.cost.maxRequestsPerDay'),
    });
    expect((await store.getCost(MESH))?.requests).toEqual({
      day: '2026-12-02',
      count: 4,
    });
  });
});
