import { meshResourceNames } from '@agent-mesh/plugin-agent-mesh-common';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DRY_RUN_OBJECT_PREFIX } from '../naming/task-families';
import { APPROVAL_REQUESTED_DETAIL_TYPE } from '../orchestration/state-names';
import {
  MeshEnvironment,
  MESH_ENVIRONMENTS,
} from '../observability/log-retention';
import { checkMeshId, checkPositive } from '../validation/mesh-rules';
import { PropsErrors } from '../validation/props-errors';

/**
 * Props of {@link AgentBus}.
 *
 * @public
 */
export interface AgentBusProps {
  /** The mesh id; every resource name derives from it (see `meshResourceNames`). */
  readonly meshId: string;
  /**
   * The environment; `prod` retains the table and buckets on stack deletion and turns on deletion protection.
   * @default 'dev'
   */
  readonly environment?: MeshEnvironment;
  /**
   * Days after which objects under `tmp/` and `dry-run/` in the artifacts bucket expire.
   * @default 7
   */
  readonly temporaryDataExpirationDays?: number;
  /**
   * Days the event archive keeps events for replay.
   * @default 30
   */
  readonly eventArchiveRetentionDays?: number;
  /**
   * Names of secrets agents need (for example model API keys), created empty under `agent-mesh/<meshId>/<name>`.
   * @default ['model-api-key']
   */
  readonly secretNames?: readonly string[];
}

/** The environment variable names a task reads to find the bus. @public */
export const AGENT_MESH_ENV = {
  kvTable: 'AGENT_MESH_KV_TABLE',
  artifactsBucket: 'AGENT_MESH_ARTIFACTS_BUCKET',
  eventBus: 'AGENT_MESH_EVENT_BUS',
  queueUrl: 'AGENT_MESH_QUEUE_URL',
} as const;

/** The detail-type agents put on the bus to ask for a subtask; the agent-events rule queues it. @public */
export const SUBTASK_REQUESTED_DETAIL_TYPE = 'agent-mesh.subtask.requested';

/**
 * The shared state of a mesh (the seed's "MCP server core"): KV table, artifacts bucket, event bus,
 * subtask queue with its dead-letter queue, and secrets.
 *
 * @public
 */
export class AgentBus extends Construct {
  public readonly table: dynamodb.Table;
  public readonly artifactsBucket: s3.Bucket;
  public readonly accessLogsBucket: s3.Bucket;
  public readonly eventBus: events.EventBus;
  public readonly subtaskQueue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly secrets: readonly secretsmanager.Secret[];
  /** What a task needs to find the bus, keyed by environment variable name. */
  public readonly taskEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AgentBusProps) {
    super(scope, id);
    const errors = new PropsErrors('AgentBus');
    checkMeshId(errors, 'meshId', props.meshId);
    checkPositive(
      errors,
      'temporaryDataExpirationDays',
      props.temporaryDataExpirationDays,
    );
    checkPositive(
      errors,
      'eventArchiveRetentionDays',
      props.eventArchiveRetentionDays,
    );
    errors.check(
      props.environment === undefined ||
        MESH_ENVIRONMENTS.includes(props.environment),
      'environment',
      `must be one of ${MESH_ENVIRONMENTS.join(', ')}`,
    );
    errors.throwIfAny();

    const names = meshResourceNames(props.meshId);
    const isProd = props.environment === 'prod';
    const removalPolicy = isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new dynamodb.Table(this, 'KvTable', {
      tableName: names.kvTable,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: isProd,
      removalPolicy,
    });

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
      autoDeleteObjects: false,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log destination of the artifacts bucket; logging it into itself would loop.',
    });

    const temporaryDays = props.temporaryDataExpirationDays ?? 7;
    this.artifactsBucket = new s3.Bucket(this, 'ArtifactsBucket', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'artifacts/',
      removalPolicy,
      lifecycleRules: [
        {
          id: 'intelligent-tiering',
          transitions: [
            {
              storageClass: s3.StorageClass.INTELLIGENT_TIERING,
              transitionAfter: Duration.days(0),
            },
          ],
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        ...['tmp/', DRY_RUN_OBJECT_PREFIX].map(prefix => ({
          id: `expire-${prefix.replace('/', '')}`,
          prefix,
          expiration: Duration.days(temporaryDays),
          noncurrentVersionExpiration: Duration.days(1),
        })),
      ],
    });

    this.eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName: names.eventBus,
    });
    this.eventBus.archive('Archive', {
      archiveName: `${names.prefix}-archive`,
      description: `Replayable history of the ${props.meshId} mesh's events`,
      // Approval requests carry a live task token: whoever can replay or read the archive could answer the gate.
      // The portal gets them from the approval queue instead.
      eventPattern: {
        account: [Stack.of(this).account],
        detailType: events.Match.anythingBut(APPROVAL_REQUESTED_DETAIL_TYPE),
      },
      retention: Duration.days(props.eventArchiveRetentionDays ?? 30),
    });

    this.deadLetterQueue = new sqs.Queue(this, 'SubtaskDeadLetterQueue', {
      queueName: `${names.subtaskQueue}-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.subtaskQueue = new sqs.Queue(this, 'SubtaskQueue', {
      queueName: names.subtaskQueue,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.minutes(15),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    new events.Rule(this, 'AgentEventsRule', {
      ruleName: `${names.prefix}-agent-events`,
      description: 'Queues the subtasks agents request on the bus',
      eventBus: this.eventBus,
      eventPattern: { detailType: [SUBTASK_REQUESTED_DETAIL_TYPE] },
      targets: [
        new targets.SqsQueue(this.subtaskQueue, {
          message: events.RuleTargetInput.fromEventPath('$.detail'),
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 3,
        }),
      ],
    });

    this.secrets = (props.secretNames ?? ['model-api-key']).map(name => {
      const secret = new secretsmanager.Secret(this, `Secret-${name}`, {
        secretName: `agent-mesh/${props.meshId}/${name}`,
        description: `${name} for the agents of the ${props.meshId} mesh`,
        removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Holds a credential issued by a third party (e.g. a model API key); it is rotated in that provider, then stored here.',
      });
      return secret;
    });

    this.taskEnvironment = {
      [AGENT_MESH_ENV.kvTable]: this.table.tableName,
      [AGENT_MESH_ENV.artifactsBucket]: this.artifactsBucket.bucketName,
      [AGENT_MESH_ENV.eventBus]: this.eventBus.eventBusName,
      [AGENT_MESH_ENV.queueUrl]: this.subtaskQueue.queueUrl,
    };
  }
}
