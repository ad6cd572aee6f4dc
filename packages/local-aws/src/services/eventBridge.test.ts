import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  clientsFor,
  controlFetch,
  startTestAws,
} from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

describe('EventBridge over the real SDK client (JSON 1.1)', () => {
  let running: RunningLocalAws;

  beforeAll(async () => {
    running = await startTestAws();
  });
  afterAll(() => running.close());

  it('records events on the mesh bus, by name or ARN, and fails entries for unknown buses', async () => {
    const events = clientsFor(running, 'us-east-1').eventBridge;
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'agent-mesh-billing-staging',
            Source: 'agent-mesh.portal',
            DetailType: 'agent-mesh.lane.promoted',
            Detail: '{"agent":"s3-expert"}',
          },
          {
            EventBusName:
              'arn:aws:events:us-east-1:222222222222:event-bus/agent-mesh-billing-staging',
            Source: 'agent-mesh.portal',
            DetailType: 'agent-mesh.lane.demoted',
            Detail: '{"agent":"critic"}',
          },
          {
            EventBusName: 'agent-mesh-nope',
            Source: 'agent-mesh.portal',
            DetailType: 'x',
            Detail: '{}',
          },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries![0].EventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(result.Entries![2].ErrorCode).toBe('ResourceNotFoundException');
    const control = await controlFetch(
      running,
      'GET',
      '/events?bus=agent-mesh-billing-staging',
    );
    const { events: stored } = await control.json();
    expect(stored.map((e: any) => e.detailType).sort()).toEqual([
      'agent-mesh.lane.demoted',
      'agent-mesh.lane.promoted',
    ]);
    expect(stored[0].detail).toEqual(
      expect.objectContaining({ agent: expect.any(String) }),
    );
  });
});
