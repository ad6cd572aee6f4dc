import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  EventBridgeClient,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { DefaultEventBusService } from './eventBusService';
import { TARGET, testClientFactory } from '../__testUtils__/awsTestClients';

const events = mockClient(EventBridgeClient);
const EVENT = {
  detailType: 'agent-mesh.lane.promoted' as const,
  time: new Date('2026-12-01T12:00:00Z'),
  detail: {
    meshId: 'billing-dev',
    agent: 'critic',
    from: 'read_only' as const,
    to: 'dry_run' as const,
    version: 2,
    actor: 'user:default/olivia',
  },
};

describe('DefaultEventBusService', () => {
  const bus = DefaultEventBusService.fromConfig(testClientFactory());
  beforeEach(() => events.reset());

  it('puts the event on the mesh bus with the portal as source', async () => {
    events
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
    await bus.publish(TARGET, 'agent-mesh-billing-dev', EVENT);
    expect(events).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: 'agent-mesh-billing-dev',
          Source: 'agent-mesh.portal',
          DetailType: 'agent-mesh.lane.promoted',
          Detail: JSON.stringify(EVENT.detail),
          Time: EVENT.time,
        },
      ],
    });
  });

  it('fails when EventBridge refused the entry, with its error code', async () => {
    events.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [
        {
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: 'Event bus x does not exist.',
        },
      ],
    });
    await expect(bus.publish(TARGET, 'x', EVENT)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: expect.stringContaining('Event bus x does not exist.'),
    });
  });
});
