import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { agentOfAlarm, DefaultCloudWatchService } from './cloudWatchService';
import {
  awsError,
  STATE_MACHINE_ARN,
  TARGET,
  testClientFactory,
} from '../__testUtils__/awsTestClients';

const cw = mockClient(CloudWatchClient);

describe('DefaultCloudWatchService', () => {
  const service = DefaultCloudWatchService.fromConfig(testClientFactory());

  beforeEach(() => cw.reset());

  it('lists the alarms by the mesh prefix across pages and names the agent of task-failure alarms', async () => {
    cw.on(DescribeAlarmsCommand, { NextToken: undefined })
      .resolves({
        MetricAlarms: [
          {
            AlarmName: 'agent-mesh-billing-dev/orchestration-executions-failed',
            StateValue: 'ALARM',
            StateReason: 'Threshold Crossed',
            StateUpdatedTimestamp: new Date('2026-11-25T11:00:00Z'),
          },
        ],
        NextToken: 'n2',
      })
      .on(DescribeAlarmsCommand, { NextToken: 'n2' })
      .resolves({
        MetricAlarms: [
          {
            AlarmName: 'agent-mesh-billing-dev/agent-billing-bot-task-failures',
            StateValue: 'OK',
          },
        ],
      });

    const alarms = await service.describeAlarms(
      TARGET,
      'agent-mesh-billing-dev/',
    );

    expect(cw).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNamePrefix: 'agent-mesh-billing-dev/',
    });
    expect(cw).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 2);
    expect(alarms).toEqual([
      {
        name: 'agent-mesh-billing-dev/agent-billing-bot-task-failures',
        state: 'OK',
        agent: 'billing-bot',
      },
      {
        name: 'agent-mesh-billing-dev/orchestration-executions-failed',
        state: 'ALARM',
        reason: 'Threshold Crossed',
        updatedAt: '2026-11-25T11:00:00.000Z',
      },
    ]);
  });

  it('reads every run series of the mesh in one GetMetricData call', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'failed',
          Timestamps: [
            new Date('2026-11-25T11:00:00Z'),
            new Date('2026-11-25T10:00:00Z'),
          ],
          Values: [3, 1],
        },
      ],
    });

    const series = await service.getRunMetrics(TARGET, {
      stateMachineArn: STATE_MACHINE_ARN,
      fromMs: Date.parse('2026-11-24T12:34:56Z'),
      toMs: Date.parse('2026-11-25T12:34:56Z'),
      periodSeconds: 3600,
    });

    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    const input = cw.commandCalls(GetMetricDataCommand)[0].args[0].input;
    // The start on a period boundary, so the hourly buckets are whole hours.
    expect(input.StartTime).toEqual(new Date('2026-11-24T12:00:00Z'));
    expect(input.EndTime).toEqual(new Date('2026-11-25T12:34:56Z'));
    expect(
      input.MetricDataQueries?.map(q => q.MetricStat?.Metric?.MetricName),
    ).toEqual([
      'ExecutionsStarted',
      'ExecutionsSucceeded',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
      'ExecutionThrottled',
    ]);
    expect(series.find(s => s.id === 'failed')).toEqual({
      id: 'failed',
      label: 'Runs failed',
      timestamps: ['2026-11-25T10:00:00.000Z', '2026-11-25T11:00:00.000Z'],
      values: [1, 3],
    });
    expect(series.find(s => s.id === 'started')?.values).toEqual([]);
  });

  it('lets access denied reach the caller', async () => {
    cw.on(DescribeAlarmsCommand).rejects(
      awsError(
        'AccessDenied',
        'User is not authorized to perform: cloudwatch:DescribeAlarms',
      ),
    );
    await expect(
      service.describeAlarms(TARGET, 'agent-mesh-billing-dev/'),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });

  it('reads the agent only from task-failure alarm names', () => {
    expect(
      agentOfAlarm(
        'agent-mesh-x/agent-conductor-task-failures',
        'agent-mesh-x/',
      ),
    ).toBe('conductor');
    expect(
      agentOfAlarm('agent-mesh-x/subtasks-dlq-depth', 'agent-mesh-x/'),
    ).toBeUndefined();
    expect(
      agentOfAlarm('other-agent-conductor-task-failures', 'agent-mesh-x/'),
    ).toBeUndefined();
  });
});
