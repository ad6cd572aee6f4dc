import { TestDatabases } from '@backstage/backend-test-utils';
import { RunningLocalAws } from 'local-aws';
import {
  as,
  kvItem,
  MESH,
  PEOPLE,
  portalEvents,
  startPromotionBackend,
  startTestAws,
} from '../__testUtils__/promotionBackend';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';

/**
 * 50 concurrent conflicting promotions of one agent through the HTTP API, against local-aws's DynamoDB: each
 * from the same lane and version, each with its own idempotency key. Exactly one wins; the 49 others get 409
 * with the winner's lane and version; the KV item, the history and the bus events agree.
 */
describe('concurrent promotions', () => {
  let running: RunningLocalAws;
  const databases = TestDatabases.create({
    ids: testDatabaseIds('The concurrency test'),
  });

  beforeAll(async () => {
    running = await startTestAws();
  }, 60_000);
  afterAll(() => running.close());
  beforeEach(() => running.reset());

  it.each(databases.eachSupportedId())(
    'on %p: exactly one of 50 wins, 49 get 409, and KV, history and bus agree',
    async databaseId => {
      const { http, backend, auditor, knex } = await startPromotionBackend({
        running,
        databases,
        databaseId,
      });
      try {
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            http()
              .post(`${MESH.path}/agents/lambda-expert/promotion`)
              .set('authorization', as.user(PEOPLE.owner))
              .send({
                from: 'read_only',
                to: 'dry_run',
                expectedVersion: 1,
                idempotencyKey: `concurrent-${String(i).padStart(3, '0')}`,
              }),
          ),
        );

        const statuses = answers.map(a => a.status);
        expect(statuses.filter(s => s === 200)).toHaveLength(1);
        expect(statuses.filter(s => s === 409)).toHaveLength(49);
        const winner = answers.find(a => a.status === 200)!;
        expect(winner.body.lane).toEqual({ lane: 'dry_run', version: 2 });
        for (const loser of answers.filter(a => a.status === 409)) {
          expect(loser.body.current).toEqual({ lane: 'dry_run', version: 2 });
        }

        expect(await kvItem(running, 'lambda-expert')).toEqual({
          lane: 'dry_run',
          version: 2,
          updatedBy: PEOPLE.owner,
        });
        const history = await knex('agent_mesh_history').select();
        expect(history).toHaveLength(1);
        expect(history[0]).toMatchObject({
          action: 'promoted',
          agent: 'lambda-expert',
          to_lane: 'dry_run',
          version: 2,
        });
        expect(String(history[0].id)).toBe(winner.body.entry.id);
        expect(portalEvents(running)).toEqual([
          {
            detailType: 'agent-mesh.lane.promoted',
            detail: expect.objectContaining({
              agent: 'lambda-expert',
              from: 'read_only',
              to: 'dry_run',
              version: 2,
            }),
          },
        ]);
        expect(
          auditor.events.filter(e => e.outcome === 'success'),
        ).toHaveLength(1);
        expect(auditor.events.filter(e => e.outcome === 'fail')).toHaveLength(
          49,
        );
        const lanes = await http()
          .get(`${MESH.path}/lanes`)
          .set('authorization', as.user(PEOPLE.other));
        expect(
          lanes.body.items.find((i: any) => i.agent === 'lambda-expert'),
        ).toMatchObject({ lane: 'dry_run', version: 2 });
      } finally {
        await backend.stop();
      }
    },
    60_000,
  );
});
