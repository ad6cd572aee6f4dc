import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  clientsFor,
  controlFetch,
  startTestAws,
} from '../__testUtils__/testAws';
import { RunningLocalAws } from '../localAws';

const BUS = 'agent-mesh-billing-staging';
const HOUR = 3_600_000;

describe('approval requests from the mesh bus to the approvals queue', () => {
  let running: RunningLocalAws;
  let clients: ReturnType<typeof clientsFor>;
  let queueUrl: string;

  beforeEach(async () => {
    running = await startTestAws({ historyDays: 2 });
    clients = clientsFor(running, 'us-east-1');
    queueUrl = `${running.url}/222222222222/agent-mesh-billing-staging-approvals`;
  });
  afterEach(() => running.close());

  /** Reads the queue as the events backend's SQS module does, and deletes what it read. */
  async function consume(): Promise<any[]> {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    if (Messages.length > 0) {
      await clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map(m => ({
            Id: m.MessageId!,
            ReceiptHandle: m.ReceiptHandle!,
          })),
        }),
      );
    }
    return Messages.map(m => JSON.parse(m.Body!));
  }

  it('delivers the whole event of an approval request put with PutEvents, and keeps portal events on the bus only', async () => {
    const put = await clients.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: BUS,
            Source: 'agent-mesh.orchestration',
            DetailType: 'agent-mesh.approval.requested',
            Detail: JSON.stringify({ taskToken: 't-1', agent: 'critic' }),
            Resources: ['arn:aws:states:us-east-1:222222222222:execution:x:y'],
          },
          {
            EventBusName: BUS,
            Source: 'agent-mesh.portal',
            DetailType: 'agent-mesh.lane.promoted',
            Detail: JSON.stringify({ agent: 'critic', to: 'execute' }),
          },
          {
            // The rule matches the orchestration's events only.
            EventBusName: BUS,
            Source: 'agent-mesh.portal',
            DetailType: 'agent-mesh.approval.requested',
            Detail: '{}',
          },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);
    expect(await consume()).toEqual([
      {
        version: '0',
        id: put.Entries![0].EventId,
        'detail-type': 'agent-mesh.approval.requested',
        source: 'agent-mesh.orchestration',
        account: '222222222222',
        time: '2025-11-24T12:00:00Z',
        region: 'us-east-1',
        resources: ['arn:aws:states:us-east-1:222222222222:execution:x:y'],
        detail: { taskToken: 't-1', agent: 'critic' },
      },
    ]);
    const portal = await (
      await controlFetch(
        running,
        'GET',
        `/events?bus=${BUS}&source=agent-mesh.portal`,
      )
    ).json();
    expect(portal.events.map((e: any) => e.detailType).sort()).toEqual([
      'agent-mesh.approval.requested',
      'agent-mesh.lane.promoted',
    ]);
    expect(await consume()).toEqual([]);
  });

  it('lands the request of a run waiting at the approval gate in the queue, with its task token', async () => {
    const world = running.world();
    world.startRun(world.meshes.get('billing-staging')!, world.clock.now(), {
      agent: 's3-expert',
      forceApproval: true,
    });
    await world.advance(HOUR);
    const [approval] = world.approvals.waiting();
    expect(approval).toMatchObject({
      meshId: 'billing-staging',
      agent: 's3-expert',
      status: 'waiting',
    });
    const [event] = await consume();
    expect(event).toMatchObject({
      id: approval.event.id,
      'detail-type': 'agent-mesh.approval.requested',
      source: 'agent-mesh.orchestration',
      region: 'us-east-1',
      detail: {
        taskToken: approval.taskToken,
        meshId: 'billing-staging',
        agent: 's3-expert',
        executionName: approval.executionName,
      },
    });
  });

  it('starts a living world with the waiting runs already in the queue', async () => {
    await running.close();
    running = await startTestAws({ historyDays: 1, liveRuns: true });
    clients = clientsFor(running, 'us-east-1');
    queueUrl = `${running.url}/222222222222/agent-mesh-billing-staging-approvals`;
    await running.world().settle();
    const tokens = running
      .world()
      .approvals.waiting()
      .filter(a => a.meshId === 'billing-staging')
      .map(a => a.taskToken);
    expect(tokens.length).toBeGreaterThan(0);
    const queued: string[] = [];
    for (let batch = await consume(); batch.length > 0; batch = await consume())
      queued.push(...batch.map(e => e.detail.taskToken));
    expect(queued).toEqual(expect.arrayContaining(tokens));
  });
});
