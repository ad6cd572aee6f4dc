import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';

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
