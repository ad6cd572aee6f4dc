import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  EventBridgeClient,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { ListWaitingRunsResponse } from '@agent-mesh/plugin-agent-mesh-common';
import { RunningLocalAws } from 'local-aws';
import { AddressInfo } from 'node:net';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  DefaultEventsService,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import eventsPlugin from '@backstage/plugin-events-backend';
import eventsAwsSqsModule from '@backstage/plugin-events-backend-module-aws-sqs';
import { agentMeshPlugin } from '../plugin';
import { refreshTrigger } from '../__testUtils__/refreshTrigger';
import {
  demoCatalogEntities,
  endpointsConfig,
  localControl,
  startDemoAws,
} from '../__testUtils__/localAwsWorld';

/**
 * The whole path of a run waiting at the approval gate, with nothing faked but the clock: local-aws runs the
 * medium demo mesh's real workflow; its RequestApproval step puts the approval request on the mesh bus, whose
 * rule queues it; `@backstage/plugin-events-backend-module-aws-sqs` reads the queue and publishes it on the events
 * service; the plugin keeps it; the API lists it without its token and answers it with SendTaskSuccess or
 * SendTaskFailure, and the run goes on or fails with the reason.
 *
 * The world starts with runs already waiting, whose queued requests the SQS module reads at backend start,
 * before the plugin has subscribed (it deletes them all the same): the refresh finds those runs in their
 * execution history instead.
 */
const MESH = 'billing-staging';
const ACCOUNT = '222222222222';
const REGION = 'us-east-1';

describe('runs waiting at the approval gate, from the approvals queue to Step Functions', () => {
  let aws: RunningLocalAws;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let baseUrl: string;
  const trigger = refreshTrigger();
  const previousKeys = process.env.AWS_ACCESS_KEY_ID;

  beforeAll(async () => {
    // The SQS module's client takes the default credential chain; the embedded AWS accepts any keys.
    process.env.AWS_ACCESS_KEY_ID = 'agent-mesh-local';
    process.env.AWS_SECRET_ACCESS_KEY = 'agent-mesh-local';
    aws = await startDemoAws({
      now: Math.floor(Date.now() / 60_000) * 60_000,
      historyDays: 1,
      // With live runs, the medium and large meshes start with runs waiting at the gate.
      liveRuns: true,
    });
    const events = DefaultEventsService.create({
      logger: mockServices.logger.mock(),
      useEventBus: 'never',
    });
    backend = await startTestBackend({
      features: [
        agentMeshPlugin,
        eventsPlugin,
        eventsAwsSqsModule,
        // One events service for every plugin, as in a real backend (the test backend's mock is per plugin).
        createServiceFactory({
          service: eventsServiceRef,
          deps: { pluginMetadata: coreServices.pluginMetadata },
          factory: ({ pluginMetadata }) =>
            events.forPlugin(pluginMetadata.getId()),
        }),
        mockServices.rootConfig.factory({
          data: {
            ...endpointsConfig(aws.url),
            events: {
              modules: {
                awsSqs: {
                  awsSqsConsumingEventPublisher: {
                    topics: {
                      [`agent-mesh-approvals-${MESH}`]: {
                        queue: {
                          url: `${aws.url}/${ACCOUNT}/agent-mesh-${MESH}-approvals`,
                          region: REGION,
                          endpoint: aws.url,
                          waitTime: { seconds: 1 },
                        },
                        waitTimeAfterEmptyReceive: { seconds: 1 },
                      },
                    },
                  },
                },
              },
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        // The real scheduler: the SQS module polls its queue in a task that runs again and again.
        schedulerServiceFactory,
        trigger.module,
        catalogServiceMock.factory({ entities: demoCatalogEntities() }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/api/agent-mesh/meshes/default/${MESH}`;
  }, 90_000);

  afterAll(async () => {
    await backend?.stop();
    await aws?.close();
    process.env.AWS_ACCESS_KEY_ID = previousKeys;
  });

  const user = { authorization: mockCredentials.user.header() };

  async function waitingRuns(): Promise<ListWaitingRunsResponse> {
    const response = await fetch(`${baseUrl}/waiting-runs`, { headers: user });
    expect(response.status).toBe(200);
    return response.json();
  }

  async function untilWaiting(count: number) {
    for (let i = 0; i < 100; i++) {
      const { items } = await waitingRuns();
      if (items.length >= count) return items;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error(`fewer than ${count} runs waiting after 20 s`);
  }

  function decide(
    runName: string,
    decision: 'approve' | 'reject',
    reason: string,
  ) {
    return fetch(`${baseUrl}/waiting-runs/${runName}/${decision}`, {
      method: 'POST',
      headers: { ...user, 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
  }

  async function execution(arn: string) {
    const sfn = new SFNClient({
      endpoint: aws.url,
      region: REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    return sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
  }

  async function untilFinished(arn: string) {
    for (let i = 0; i < 60; i++) {
      const run = await execution(arn);
      if (run.status !== 'RUNNING') return run;
      // The world's clock stands still; move it so the run's next steps take their simulated time.
      await localControl(aws.url, 'POST', '/clock/advance', {
        ms: 30 * 60_000,
      });
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`${arn} still running`);
  }

  it('keeps a request the queue delivers after start', async () => {
    const eventBridge = new EventBridgeClient({
      endpoint: aws.url,
      region: REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    // A request as the workflow's RequestApproval step puts it (its token answers nothing here).
    await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: `agent-mesh-${MESH}`,
            Source: 'agent-mesh.orchestration',
            DetailType: 'agent-mesh.approval.requested',
            Detail: JSON.stringify({
              taskToken: 'queued-token',
              meshId: MESH,
              agent: 'critic',
              lane: 'dry_run',
              executionId: `arn:aws:states:${REGION}:${ACCOUNT}:execution:agent-mesh-${MESH}-orchestration:queued-run`,
              executionName: 'queued-run',
              review: { verdict: 'needs_approval' },
              expiresInSeconds: 3600,
            }),
          },
        ],
      }),
    );
    const items = await untilWaiting(1);
    expect(items).toEqual([
      expect.objectContaining({
        executionName: 'queued-run',
        agent: 'critic',
        lane: 'dry_run',
        verdict: 'needs_approval',
        status: 'waiting',
      }),
    ]);
    expect(JSON.stringify(items)).not.toContain('queued-token');
  }, 60_000);

  it('finds the runs that waited before the plugin subscribed, by execution and never with their token', async () => {
    await trigger.refresh();
    const items = await untilWaiting(3);
    const { approvals: waitingAtGate } = (await localControl(
      aws.url,
      'GET',
      '/approvals',
    )) as {
      approvals: Array<{
        executionName: string;
        meshId: string;
        taskToken: string;
      }>;
    };
    const names = waitingAtGate
      .filter(a => a.meshId === MESH)
      .map(a => a.executionName);
    expect(
      items
        .map(i => i.executionName)
        .filter(name => name !== 'queued-run')
        .sort(),
    ).toEqual([...names].sort());
    const body = JSON.stringify(items);
    for (const approval of waitingAtGate) {
      expect(body).not.toContain(approval.taskToken);
    }
    expect(items[0]).toMatchObject({
      status: 'waiting',
      agent: expect.any(String),
    });
  }, 60_000);

  it('approves a run, which goes on past the gate and finishes; a second answer is a 409 that says so', async () => {
    const [run] = (await untilWaiting(2)).filter(
      r => r.executionName !== 'queued-run',
    );
    const answer = await decide(run.executionName, 'approve', 'looks right');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      run: { executionName: run.executionName, status: 'approved' },
      entry: { action: 'run_approved', reason: 'looks right' },
    });

    const again = await decide(run.executionName, 'approve', 'twice');
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toMatch(/no longer waits/);

    const finished = await untilFinished(run.executionArn);
    // It may succeed or fail in its own task, but never again at the gate.
    expect(finished.error ?? '').not.toMatch(/Approval/);
    expect((await waitingRuns()).items.map(i => i.executionName)).not.toContain(
      run.executionName,
    );

    const history = await fetch(`${baseUrl}/history?limit=5`, {
      headers: user,
    });
    expect((await history.json()).items[0]).toMatchObject({
      action: 'run_approved',
      executionName: run.executionName,
      actor: 'user:default/mock',
    });
  }, 90_000);

  it('rejects a run, which fails with the rejection and its reason', async () => {
    const [run] = (await untilWaiting(1)).filter(
      r => r.executionName !== 'queued-run',
    );
    const answer = await decide(run.executionName, 'reject', 'wrong bucket');
    expect(answer.status).toBe(200);
    const finished = await untilFinished(run.executionArn);
    expect(finished.status).toBe('FAILED');
    expect(finished.error).toBe('AgentMesh.ApprovalRejected');
    expect(finished.cause).toContain('wrong bucket');
  }, 90_000);

  it('answers 404 for a run that never waited', async () => {
    const answer = await decide('no-such-run', 'approve', 'x');
    expect(answer.status).toBe(404);
  });
});
