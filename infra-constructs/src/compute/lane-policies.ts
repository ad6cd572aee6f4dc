import { Lane } from '@agent-mesh/mesh-model';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  DRY_RUN_DETAIL_TYPE_PREFIX,
  DRY_RUN_KEY_PREFIX,
  DRY_RUN_OBJECT_PREFIX,
} from '../naming/task-families';

/**
 * The mesh resources a lane role is granted on.
 *
 * @public
 */
export interface LaneResources {
  readonly tableArn: string;
  readonly bucketArn: string;
  readonly eventBusArn: string;
  /** The subtask queue; absent when the mesh has none (no `execute` lane), and then no lane gets SQS permissions. */
  readonly queueArn?: string;
  /** The secrets this lane may read. */
  readonly secretArns: readonly string[];
  /**
   * The `source` values the role may put events with (the agent's own, `agentEventSource(agent)`); with none the
   * role puts no events. The orchestration's, the portal's and the webhooks' sources are never among them.
   */
  readonly eventSources: readonly string[];
}

const TABLE_READS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:DescribeTable',
];
/** DynamoDB item writes; the lane rules are stated against this list. @public */
export const TABLE_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const OBJECT_WRITES = ['s3:PutObject', 's3:DeleteObject'];

/**
 * What every lane may do: read the mesh's state. Actions are listed one by one rather than through
 * `grantRead`, whose `s3:GetObject*`/`s3:List*` wildcards would make the lane rules unprovable.
 */
function readStatements(r: LaneResources): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadKvTable',
      actions: TABLE_READS,
      resources: [r.tableArn],
    }),
    new iam.PolicyStatement({
      sid: 'ListArtifacts',
      actions: ['s3:ListBucket'],
      resources: [r.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'ReadArtifacts',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [`${r.bucketArn}/*`],
    }),
    ...(r.queueArn
      ? [
          new iam.PolicyStatement({
            sid: 'DescribeQueue',
            actions: ['sqs:GetQueueAttributes'],
            resources: [r.queueArn],
          }),
        ]
      : []),
    new iam.PolicyStatement({
      sid: 'DescribeBus',
      actions: ['events:DescribeEventBus'],
      resources: [r.eventBusArn],
    }),
    ...(r.secretArns.length > 0
      ? [
          new iam.PolicyStatement({
            sid: 'ReadSecrets',
            actions: [
              'secretsmanager:GetSecretValue',
              'secretsmanager:DescribeSecret',
            ],
            resources: [...r.secretArns],
          }),
        ]
      : []),
  ];
}

/** Writes confined to dry-run keys, prefixes and event types, so a dry run can record what it would do. */
function dryRunWriteStatements(r: LaneResources): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'WriteDryRunItems',
      actions: TABLE_WRITES,
      resources: [r.tableArn],
      conditions: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': [`${DRY_RUN_KEY_PREFIX}*`],
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'WriteDryRunObjects',
      actions: OBJECT_WRITES,
      resources: [`${r.bucketArn}/${DRY_RUN_OBJECT_PREFIX}*`],
    }),
    ...(r.eventSources.length > 0
      ? [
          new iam.PolicyStatement({
            sid: 'PutDryRunEvents',
            actions: ['events:PutEvents'],
            resources: [r.eventBusArn],
            conditions: {
              StringLike: {
                'events:detail-type': `${DRY_RUN_DETAIL_TYPE_PREFIX}*`,
              },
              StringEquals: { 'events:source': [...r.eventSources] },
            },
          }),
        ]
      : []),
  ];
}

/** Full writes, but only to this mesh's resources; lane items stay the portal's to change. */
function executeWriteStatements(r: LaneResources): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'WriteKvItems',
      actions: TABLE_WRITES,
      resources: [r.tableArn],
    }),
    new iam.PolicyStatement({
      sid: 'DenyLaneItemWrites',
      effect: iam.Effect.DENY,
      actions: TABLE_WRITES,
      resources: [r.tableArn],
      conditions: {
        'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['agent#*'] },
      },
    }),
    new iam.PolicyStatement({
      sid: 'WriteArtifacts',
      actions: OBJECT_WRITES,
      resources: [`${r.bucketArn}/*`],
    }),
    ...(r.eventSources.length > 0
      ? [
          new iam.PolicyStatement({
            sid: 'PutOwnEvents',
            actions: ['events:PutEvents'],
            resources: [r.eventBusArn],
            conditions: {
              StringEquals: { 'events:source': [...r.eventSources] },
            },
          }),
        ]
      : []),
    ...(r.queueArn
      ? [
          new iam.PolicyStatement({
            sid: 'WorkSubtasks',
            actions: [
              'sqs:SendMessage',
              'sqs:ReceiveMessage',
              'sqs:DeleteMessage',
              'sqs:ChangeMessageVisibility',
            ],
            resources: [r.queueArn],
          }),
        ]
      : []),
  ];
}

/**
 * The statements of an agent's task role in `lane`: `read_only` reads, `dry_run` adds writes under
 * dry-run keys only, `execute` writes to this mesh's resources.
 *
 * @public
 */
export function lanePolicyStatements(
  lane: Lane,
  resources: LaneResources,
): iam.PolicyStatement[] {
  switch (lane) {
    case 'read_only':
      return readStatements(resources);
    case 'dry_run':
      return [
        ...readStatements(resources),
        ...dryRunWriteStatements(resources),
      ];
    case 'execute':
      return [
        ...readStatements(resources),
        ...executeWriteStatements(resources),
      ];
    default:
      throw new Error(`Unknown lane "${String(lane)}"`);
  }
}

/**
 * Workflow steps (plan, review) read like `read_only` and may only answer the task token of the
 * orchestration that started them.
 *
 * @public
 */
export function workflowStepStatements(
  resources: LaneResources,
  orchestrationStateMachineArn: string,
): iam.PolicyStatement[] {
  return [
    ...readStatements(resources),
    new iam.PolicyStatement({
      sid: 'AnswerWorkflowTaskToken',
      actions: [
        'states:SendTaskSuccess',
        'states:SendTaskFailure',
        'states:SendTaskHeartbeat',
      ],
      resources: [orchestrationStateMachineArn],
    }),
  ];
}
