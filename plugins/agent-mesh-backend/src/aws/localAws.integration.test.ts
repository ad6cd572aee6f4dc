import { AwsServiceError, RunningServer, startAwsJsonServer } from 'local-aws';
import { ConfigReader } from '@backstage/config';
import { readAgentMeshConfig } from '../config/agentMeshConfig';
import { InMemoryAwsCallRecorder } from './awsCallRecorder';
import { DefaultAwsClientFactory } from './awsClientFactory';
import { DefaultCloudWatchService } from './cloudWatchService';
import { DefaultCostExplorerService } from './costExplorerService';
import { DefaultLaneService } from './laneService';
import { DefaultStepFunctionsService } from './stepFunctionsService';

/**
 * The plugin's real SDK clients against the embedded default's server (packages/local-aws): wire protocols,
 * endpoint override, static local credentials, error codes and the call counter, end to end over HTTP.
 * The operations are this test's fixtures: local-aws does not yet export its demo world to start here.
 */
const ARN =
  'arn:aws:states:eu-west-1:123456789012:stateMachine:agent-mesh-billing-dev-orchestration';
const T0 = Date.parse('2026-11-25T12:00:00Z') / 1000;
const TARGET = {
  meshId: 'billing-dev',
  accountId: '123456789012',
  region: 'eu-west-1',
};

function execution(name: string, secondsAgo: number) {
  return {
    name,
    executionArn: `${ARN.replace(':stateMachine:', ':execution:')}:${name}`,
    stateMachineArn: ARN,
    status: 'SUCCEEDED',
    startDate: T0 - secondsAgo,
    stopDate: T0 - secondsAgo + 5,
  };
}

describe('AWS services against local-aws', () => {
  let running: RunningServer;
  const received: string[] = [];
  let alarmsThrottled = false;

  beforeAll(async () => {
    const record = (target: string) => received.push(target);
    running = await startAwsJsonServer({
      operations: {
        'AWSStepFunctions.ListExecutions': async input => {
          record('ListExecutions');
          return input.nextToken
            ? { executions: [execution('critic--dry_run--1', 120)] }
            : {
                executions: [execution('conductor--execute--2', 60)],
                nextToken: 'page-2',
              };
        },
        'AWSStepFunctions.GetExecutionHistory': async () => ({
          events: [
            {
              id: 1,
              timestamp: T0,
              type: 'ExecutionStarted',
              executionStartedEventDetails: { input: '{}' },
            },
            {
              id: 2,
              previousEventId: 1,
              timestamp: T0 + 1,
              type: 'TaskStateEntered',
              stateEnteredEventDetails: { name: 'Plan' },
            },
          ],
        }),
        'GraniteServiceVersion20100801.DescribeAlarms': async input => {
          if (alarmsThrottled) {
            throw new AwsServiceError('Throttling', 'Rate exceeded', 400);
          }
          return {
            MetricAlarms: [
              {
                AlarmName: `${input.AlarmNamePrefix}agent-critic-task-failures`,
                StateValue: 'ALARM',
              },
            ],
          };
        },
        'GraniteServiceVersion20100801.GetMetricData': async input => ({
          MetricDataResults: (
            input.MetricDataQueries as Array<{ Id: string }>
          ).map(q => ({
            Id: q.Id,
            Timestamps: [T0 - 3600],
            Values: [q.Id === 'started' ? 7 : 0],
            StatusCode: 'Complete',
          })),
        }),
        'DynamoDB_20120810.GetItem': async input => {
          const pk = (input.Key as { pk: { S: string } }).pk.S;
          return pk === 'agent#critic'
            ? {
                Item: {
                  pk: { S: pk },
                  sk: { S: 'lane' },
                  lane: { S: 'dry_run' },
                  version: { N: '2' },
                },
              }
            : {};
        },
        'AWSInsightsIndexService.GetCostAndUsage': async () => ({
          ResultsByTime: [
            {
              TimePeriod: { Start: '2026-11-24', End: '2026-11-25' },
              Groups: [
                {
                  Keys: ['AWS Step Functions'],
                  Metrics: { UnblendedCost: { Amount: '1.25', Unit: 'USD' } },
                },
              ],
            },
          ],
        }),
        'AWSInsightsIndexService.GetCostForecast': async () => ({
          Total: { Amount: '12.5', Unit: 'USD' },
        }),
      },
    });
  });

  afterAll(() => running.close());

  function services() {
    const config = readAgentMeshConfig(
      new ConfigReader({
        agentMesh: {
          aws: {
            endpoints: {
              stepFunctions: running.url,
              cloudWatch: running.url,
              costExplorer: running.url,
              dynamoDb: running.url,
            },
          },
        },
      }),
    );
    const recorder = new InMemoryAwsCallRecorder();
    const clients = DefaultAwsClientFactory.fromConfig(config, {
      credentialsManager: {
        getCredentialProvider: async () => {
          throw new Error(
            'no aws config: the static local credentials are used',
          );
        },
      },
      recorder,
    });
    return {
      recorder,
      sfn: DefaultStepFunctionsService.fromConfig({ clients }),
      cw: DefaultCloudWatchService.fromConfig({ clients }),
      lanes: DefaultLaneService.fromConfig({ clients }),
      ce: DefaultCostExplorerService.fromConfig({ clients }),
    };
  }

  it('pages executions and reads a history over the wire, counting each request', async () => {
    const { sfn, recorder } = services();

    const listed = await sfn.listNewExecutions(TARGET, {
      stateMachineArn: ARN,
      notBeforeMs: 0,
      isKnown: async () => new Set(),
    });
    const history = await sfn.getExecutionHistory(
      TARGET,
      listed.executions[0].executionArn,
    );

    expect(
      listed.executions.map(e => [e.name, e.agent, e.lane, e.startMs]),
    ).toEqual([
      ['conductor--execute--2', 'conductor', 'execute', (T0 - 60) * 1000],
      ['critic--dry_run--1', 'critic', 'dry_run', (T0 - 120) * 1000],
    ]);
    expect(history.events.map(e => [e.type, e.stateName])).toEqual([
      ['ExecutionStarted', undefined],
      ['TaskStateEntered', 'Plan'],
    ]);
    expect(recorder.counts()).toEqual({
      'StepFunctions.ListExecutions': 2,
      'StepFunctions.GetExecutionHistory': 1,
    });
  });

  it('reads alarms and metrics, and surfaces CloudWatch throttling by its Query error code after the retries', async () => {
    const { cw, recorder } = services();

    const alarms = await cw.describeAlarms(TARGET, 'agent-mesh-billing-dev-');
    const metrics = await cw.getRunMetrics(TARGET, {
      stateMachineArn: ARN,
      fromMs: 0,
      toMs: T0 * 1000,
      periodSeconds: 3600,
    });
    expect(alarms).toEqual([
      {
        name: 'agent-mesh-billing-dev-agent-critic-task-failures',
        state: 'ALARM',
        agent: 'critic',
      },
    ]);
    expect(metrics.find(s => s.id === 'started')).toMatchObject({
      values: [7],
    });

    alarmsThrottled = true;
    await expect(
      cw.describeAlarms(TARGET, 'agent-mesh-billing-dev-'),
    ).rejects.toMatchObject({
      name: 'Throttling',
    });
    alarmsThrottled = false;
    // One answered call, then the throttled one sent three times by the SDK retries: every request counted.
    expect(recorder.counts()['CloudWatch.DescribeAlarms']).toBe(4);
  }, 20000);

  it('falls back to GetItem where BatchGetItem is not served', async () => {
    const { lanes, recorder } = services();

    const result = await lanes.readLanes(TARGET, 'agent-mesh-billing-dev-kv', [
      'critic',
      'sweeper',
    ]);

    expect(result.lanes).toEqual({
      critic: { lane: 'dry_run', source: 'kv', version: 2 },
      sweeper: { lane: 'read_only', source: 'default' },
    });
    expect(recorder.counts()).toEqual({
      'DynamoDB.BatchGetItem': 1,
      'DynamoDB.GetItem': 2,
    });
  });

  it('reads cost and forecast from Cost Explorer', async () => {
    const { ce } = services();
    const bundle = await ce.fetchCost(
      { accountId: TARGET.accountId, meshId: 'billing-dev' },
      new Date(T0 * 1000),
    );
    expect(bundle.byService).toEqual([
      { date: '2026-11-24', key: 'AWS Step Functions', amount: 1.25 },
    ]);
    expect(bundle.forecast?.amount).toBe(12.5);
  });
});
