import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { STATE_MACHINE_ARN } from './awsTestClients';

/**
 * aws-sdk-client-mock mocks of the four clients a snapshot refresh reads (runs, alarms and metrics, lanes,
 * cost). Call once per test file, at its top: the mocks replace every client of that class.
 */
export function mockSnapshotClients() {
  return {
    sfn: mockClient(SFNClient),
    cw: mockClient(CloudWatchClient),
    ddb: mockClient(DynamoDBClient),
    ce: mockClient(CostExplorerClient),
  };
}

/** A ListExecutions item of the test mesh's orchestration state machine, started `minutesAgo` before `now`. */
export function listedExecution(
  name: string,
  minutesAgo: number,
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED',
  now: number,
) {
  return {
    name,
    executionArn: `arn:aws:states:eu-west-1:123456789012:execution:agent-mesh-billing-dev-orchestration:${name}`,
    stateMachineArn: STATE_MACHINE_ARN,
    status,
    startDate: new Date(now - minutesAgo * 60000),
  };
}
