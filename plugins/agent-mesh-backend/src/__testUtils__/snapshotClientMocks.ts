import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListTagsForResourceCommand, SFNClient } from '@aws-sdk/client-sfn';
import { AGENT_MESH_TAGS } from '@agent-mesh/plugin-agent-mesh-common';
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

/**
 * Answers ListTagsForResource as the constructs tag a mesh's state machine: `agent-mesh:mesh` from its name
 * (`agent-mesh-<id>-orchestration`) and, when given, `agent-mesh:entity`.
 */
export function mockMeshTags(
  sfn: ReturnType<typeof mockSnapshotClients>['sfn'],
  entityRef?: string,
) {
  sfn.on(ListTagsForResourceCommand).callsFake(({ resourceArn }) => {
    const meshId = /:stateMachine:agent-mesh-(.+)-orchestration$/.exec(
      resourceArn,
    )?.[1];
    const tags: Array<{ key: string; value: string }> = meshId
      ? [{ key: AGENT_MESH_TAGS.mesh, value: meshId }]
      : [];
    if (entityRef) tags.push({ key: AGENT_MESH_TAGS.entity, value: entityRef });
    return { tags };
  });
}
