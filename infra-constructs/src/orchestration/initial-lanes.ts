import { Lane, laneItemKey } from '@agent-mesh/mesh-model';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { AgentBus } from '../bus/agent-bus';
import { pascalCase } from '../naming/pascal-case';

/**
 * Writes each agent's first lane item at deploy time, only if the agent has none: a redeploy must
 * never undo a promotion made in the portal since the last deploy.
 */
export function writeInitialLaneItems(
  scope: Construct,
  bus: AgentBus,
  initialLanes: Readonly<Record<string, Lane>>,
): void {
  for (const [agent, lane] of Object.entries(initialLanes)) {
    const key = laneItemKey(agent);
    new cr.AwsCustomResource(scope, `InitialLane${pascalCase(agent)}`, {
      onCreate: {
        service: 'DynamoDB',
        action: 'PutItem',
        parameters: {
          TableName: bus.table.tableName,
          Item: {
            pk: { S: key.pk },
            sk: { S: key.sk },
            lane: { S: lane },
            version: { N: '1' },
            updatedBy: { S: 'cdk-deploy' },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
        physicalResourceId: cr.PhysicalResourceId.of(`${key.pk}/${key.sk}`),
        ignoreErrorCodesMatching: 'ConditionalCheckFailedException',
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources: [bus.table.tableArn],
        }),
      ]),
      installLatestAwsSdk: false,
    });
  }
}
