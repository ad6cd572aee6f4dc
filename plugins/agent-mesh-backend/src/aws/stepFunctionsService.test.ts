import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  DescribeExecutionCommand,
  ExecutionStatus,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import {
  DefaultStepFunctionsService,
  MAX_PAGES_PER_REFRESH,
} from './stepFunctionsService';
import {
  awsError,
  STATE_MACHINE_ARN,
  TARGET,
  testClientFactory,
} from '../__testUtils__/awsTestClients';

const sfn = mockClient(SFNClient);
const NOW = Date.parse('2026-11-25T12:00:00Z');

function execution(
  name: string,
  minutesAgo: number,
  status: ExecutionStatus = 'SUCCEEDED',
) {
  return {
    name,
    executionArn: `${STATE_MACHINE_ARN.replace(
      ':stateMachine:',
      ':execution:',
    )}:${name}`,
    stateMachineArn: STATE_MACHINE_ARN,
    status,
    startDate: new Date(NOW - minutesAgo * 60000),
    stopDate:
      status === 'RUNNING'
        ? undefined
        : new Date(NOW - minutesAgo * 60000 + 1000),
  };
}

describe('DefaultStepFunctionsService', () => {
  const service = DefaultStepFunctionsService.fromConfig(testClientFactory());

  beforeEach(() => sfn.reset());

  it('pages newest first only until a page reaches stored runs, attributing each run by its name', async () => {
    sfn
      .on(ListExecutionsCommand, {
        stateMachineArn: STATE_MACHINE_ARN,
        nextToken: undefined,
      })
      .resolves({
        executions: [
          execution('conductor--execute--c', 1, 'RUNNING'),
          execution('critic--dry_run--b', 2, 'FAILED'),
        ],
        nextToken: 'page-2',
      })
      .on(ListExecutionsCommand, {
        stateMachineArn: STATE_MACHINE_ARN,
        nextToken: 'page-2',
      })
      .resolves({
        executions: [
          execution('manual-run', 3),
          execution('conductor--read_only--a', 4),
        ],
        nextToken: 'page-3',
      });
    const stored = new Set(['conductor--read_only--a']);

    const result = await service.listNewExecutions(TARGET, {
      stateMachineArn: STATE_MACHINE_ARN,
      notBeforeMs: NOW - 24 * 3600000,
      isKnown: async names => new Set(names.filter(n => stored.has(n))),
    });

    expect(result.pages).toBe(2);
    expect(sfn).toHaveReceivedCommandTimes(ListExecutionsCommand, 2);
    expect(sfn).not.toHaveReceivedCommandWith(ListExecutionsCommand, {
      nextToken: 'page-3',
    });
    expect(
      result.executions.map(e => [e.name, e.agent, e.lane, e.status]),
    ).toEqual([
      ['conductor--execute--c', 'conductor', 'execute', 'RUNNING'],
      ['critic--dry_run--b', 'critic', 'dry_run', 'FAILED'],
      ['manual-run', undefined, undefined, 'SUCCEEDED'],
      ['conductor--read_only--a', 'conductor', 'read_only', 'SUCCEEDED'],
    ]);
    expect(result.executions[0].stopMs).toBeUndefined();
    expect(result.executions[1].startMs).toBe(NOW - 2 * 60000);
  });

  it('reads at most MAX_PAGES_PER_REFRESH pages in one refresh', async () => {
    // GIVEN a state machine whose pages of new runs never end
    let page = 0;
    sfn.on(ListExecutionsCommand).callsFake(async () => {
      page += 1;
      return {
        executions: [execution(`critic--dry_run--${page}`, 1)],
        nextToken: `page-${page + 1}`,
      };
    });

    const result = await service.listNewExecutions(TARGET, {
      stateMachineArn: STATE_MACHINE_ARN,
      notBeforeMs: NOW - 24 * 3600000,
      isKnown: async () => new Set(),
    });

    expect(result.pages).toBe(MAX_PAGES_PER_REFRESH);
    expect(sfn).toHaveReceivedCommandTimes(
      ListExecutionsCommand,
      MAX_PAGES_PER_REFRESH,
    );
  });

  it('stops at the backfill window when nothing is stored yet', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        execution('critic--dry_run--new', 10),
        execution('critic--dry_run--old', 26 * 60),
      ],
      nextToken: 'more',
    });

    const result = await service.listNewExecutions(TARGET, {
      stateMachineArn: STATE_MACHINE_ARN,
      notBeforeMs: NOW - 24 * 3600000,
      isKnown: async () => new Set(),
    });

    expect(result.executions.map(e => e.name)).toEqual([
      'critic--dry_run--new',
    ]);
    expect(sfn).toHaveReceivedCommandTimes(ListExecutionsCommand, 1);
  });

  it('lets throttling and access denied reach the caller with their AWS names', async () => {
    sfn
      .on(ListExecutionsCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(
      service.listRunningExecutions(TARGET, STATE_MACHINE_ARN),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
    });

    sfn.on(DescribeExecutionCommand).rejects(awsError('AccessDeniedException'));
    await expect(
      service.describeExecution(TARGET, 'arn:x'),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('reads the history without payloads, page by page', async () => {
    sfn
      .on(GetExecutionHistoryCommand, { nextToken: undefined })
      .resolves({
        events: [
          {
            id: 1,
            timestamp: new Date(NOW),
            type: 'ExecutionStarted',
            executionStartedEventDetails: { input: '{"secret":"x"}' },
          },
          {
            id: 2,
            previousEventId: 1,
            timestamp: new Date(NOW + 1000),
            type: 'TaskStateEntered',
            stateEnteredEventDetails: {
              name: 'RequestApproval',
              input: '{"taskToken":"tok"}',
            },
          },
        ],
        nextToken: 'h2',
      })
      .on(GetExecutionHistoryCommand, { nextToken: 'h2' })
      .resolves({
        events: [
          {
            id: 3,
            previousEventId: 2,
            timestamp: new Date(NOW + 2000),
            type: 'ExecutionFailed',
            executionFailedEventDetails: {
              error: 'AgentMesh.ApprovalRejected',
              cause: 'rejected by jane',
            },
          },
        ],
      });

    const history = await service.getExecutionHistory(TARGET, 'arn:run');

    expect(sfn).toHaveReceivedCommandWith(GetExecutionHistoryCommand, {
      executionArn: 'arn:run',
      includeExecutionData: false,
    });
    expect(history).toEqual({
      truncated: false,
      events: [
        {
          id: 1,
          timestamp: new Date(NOW).toISOString(),
          type: 'ExecutionStarted',
        },
        {
          id: 2,
          previousEventId: 1,
          timestamp: new Date(NOW + 1000).toISOString(),
          type: 'TaskStateEntered',
          stateName: 'RequestApproval',
        },
        {
          id: 3,
          previousEventId: 2,
          timestamp: new Date(NOW + 2000).toISOString(),
          type: 'ExecutionFailed',
          error: 'AgentMesh.ApprovalRejected',
          cause: 'rejected by jane',
        },
      ],
    });
    expect(JSON.stringify(history)).not.toContain('tok');
  });
});
