import {
  LANES,
  Lane,
  agentEventSource,
  eventArchiveName,
  meshResourceNames,
} from '@agent-mesh/mesh-model';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  LaneResources,
  lanePolicyStatements,
  workflowStepStatements,
} from '../compute/lane-policies';
import { DRY_RUN_OBJECT_PREFIX } from '../naming/task-families';
import { APPROVAL_REQUESTED_DETAIL_TYPE } from '../orchestration/state-names';
import { MeshEnvironment } from '../observability/log-retention';
import {
  checkEnvironment,
  checkLanes,
  checkMeshId,
  checkPositives,
  checkSecrets,
} from '../validation/mesh-rules';
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
   * Names of secrets every lane reads, created empty under `agent-mesh/<meshId>/<name>`. Prefer `secrets`, which
   * says per secret which lanes read it; give one or the other.
   * @default none besides `secrets`
   * @deprecated use `secrets`
   */
  readonly secretNames?: readonly string[];
  /**
   * The secrets agents need, each created empty under `agent-mesh/<meshId>/<name>` and readable only by the task
   * roles (and injected only into the task definitions) of its `lanes`. The workflow steps (plan, review) read
   * the secrets of `read_only`.
   * @default [{ name: 'model-api-key', lanes: ['read_only', 'dry_run', 'execute'] }]: every agent can call its model
   */
  readonly secrets?: readonly MeshSecret[];
  /**
   * The lanes the mesh's agents run in. The subtask queue, its dead-letter queue and the agent-events rule
   * feeding them exist only when they include `execute` (see {@link queuesSubtasks}): only `execute` task roles
   * consume the queue, so without that lane nothing would ever read it.
   * @default all lanes
   */
  readonly lanes?: readonly Lane[];
}

/**
 * Whether a mesh whose agents run in `lanes` queues subtasks: only `execute` task roles consume the subtask
 * queue, so a mesh without that lane (the small tier) has no queue, and its conductor queues nothing.
 *
 * @public
 */
export function queuesSubtasks(lanes: readonly Lane[]): boolean {
  return lanes.includes('execute');
}

/**
 * A secret of a mesh and the lanes that may read it.
 *
 * @public
 */
export interface MeshSecret {
  /** The name, 1-64 lowercase letters, digits and hyphens; the secret is `agent-mesh/<meshId>/<name>`. */
  readonly name: string;
  /** The lanes whose task roles may read it. */
  readonly lanes: readonly Lane[];
  /**
   * The credential can change something outside the mesh (a deploy token, a payment API key). Such a secret is
   * refused for `read_only`, which must not write anywhere.
   * @default false
   */
  readonly canWrite?: boolean;
}

/** The secrets a mesh has when its props name none: the model API key, for every lane. @public */
export const DEFAULT_MESH_SECRETS: readonly MeshSecret[] = [
  { name: 'model-api-key', lanes: LANES },
];

/**
 * The environment variable names a task reads to find the bus (`queueUrl` only where the subtask queue exists).
 * @public
 */
export const AGENT_MESH_ENV = {
  kvTable: 'AGENT_MESH_KV_TABLE',
  artifactsBucket: 'AGENT_MESH_ARTIFACTS_BUCKET',
  eventBus: 'AGENT_MESH_EVENT_BUS',
  queueUrl: 'AGENT_MESH_QUEUE_URL',
} as const;

/** The KV table's TTL attribute: an item whose `expiresAt` (epoch seconds) has passed is deleted by DynamoDB. @public */
export const KV_TTL_ATTRIBUTE = 'expiresAt';

/** The detail-type agents put on the bus to ask for a subtask; the agent-events rule queues it. @public */
export const SUBTASK_REQUESTED_DETAIL_TYPE = 'agent-mesh.subtask.requested';

/**
 * The shared state of a mesh (its "MCP server core"): KV table, artifacts bucket, event bus,
 * subtask queue with its dead-letter queue, and secrets.
 *
 * @public
 */
export class AgentBus extends Construct {
  /** The KV table `agent-mesh-<meshId>-kv`: lane items (`agent#<agent>`), timelines and agent state. */
  public readonly table: dynamodb.ITable;
  /** The artifacts bucket: evidence for promotion gates, agent outputs, dry-run output under `dry-run/`. */
  public readonly artifactsBucket: s3.IBucket;
  /** Where the artifacts bucket writes its access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The mesh bus `agent-mesh-<meshId>`, with an archive. */
  public readonly eventBus: events.IEventBus;
  /**
   * The queue of subtasks agents request on the bus; undefined when the mesh's lanes do not include `execute`
   * (see {@link queuesSubtasks}).
   */
  public readonly subtaskQueue?: sqs.IQueue;
  /** Subtasks that could not be delivered or processed; undefined without the subtask queue. */
  public readonly deadLetterQueue?: sqs.IQueue;
  /** The secrets agents read, `agent-mesh/<meshId>/<name>`. */
  public readonly secrets: readonly secretsmanager.ISecret[];
  /** Each secret with the lanes that may read it, in the order of `secrets`. */
  public readonly secretLanes: ReadonlyArray<{
    readonly name: string;
    readonly secret: secretsmanager.ISecret;
    readonly lanes: readonly Lane[];
  }>;
  /** What a task needs to find the bus, keyed by environment variable name. */
  public readonly taskEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AgentBusProps) {
    super(scope, id);
    validateProps(props);
    const names = meshResourceNames(props.meshId);
    const isProd = props.environment === 'prod';
    const removalPolicy = isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = this.createTable(names.kvTable, isProd, removalPolicy);
    this.accessLogsBucket = this.createAccessLogsBucket(removalPolicy);
    this.artifactsBucket = this.createArtifactsBucket(
      removalPolicy,
      props.temporaryDataExpirationDays ?? 7,
    );
    this.eventBus = this.createEventBus(props, names);
    if (queuesSubtasks(props.lanes ?? LANES)) {
      const queues = this.createSubtaskQueues(names.subtaskQueue);
      this.deadLetterQueue = queues.deadLetterQueue;
      this.subtaskQueue = queues.subtaskQueue;
      this.addAgentEventsRule(names.prefix, queues);
    }
    this.secretLanes = this.createSecrets(props, removalPolicy);
    this.secrets = this.secretLanes.map(s => s.secret);
    this.taskEnvironment = {
      [AGENT_MESH_ENV.kvTable]: this.table.tableName,
      [AGENT_MESH_ENV.artifactsBucket]: this.artifactsBucket.bucketName,
      [AGENT_MESH_ENV.eventBus]: this.eventBus.eventBusName,
      ...(this.subtaskQueue
        ? { [AGENT_MESH_ENV.queueUrl]: this.subtaskQueue.queueUrl }
        : {}),
    };
  }

  /**
   * Grants `grantee` what an agent holds in `lane`: `read_only` reads the mesh's state, `dry_run` also writes
   * under dry-run keys, prefixes and event types, `execute` writes to this mesh's resources but never to lane
   * items (see `lanePolicyStatements`). Every action is listed; no `grantRead` wildcards. Events it may put
   * carry only `agent`'s own source (`agentEventSource(agent)`), and it reads only the secrets of `lane`.
   *
   * @returns the statements added to the grantee's policy
   */
  grantLane(
    grantee: iam.IGrantable,
    lane: Lane,
    agent: string,
  ): iam.PolicyStatement[] {
    return this.addToPrincipalPolicy(
      grantee,
      lanePolicyStatements(lane, this.laneResources(lane, agent)),
    );
  }

  /** The secrets `lane` may read (see `MeshSecret.lanes`). */
  secretsFor(lane: Lane): secretsmanager.ISecret[] {
    return this.secretLanes
      .filter(s => s.lanes.includes(lane))
      .map(s => s.secret);
  }

  /**
   * Grants `grantee` what a workflow step (the conductor's plan, the critic's review) holds: the `read_only`
   * reads, and answering the task token of `orchestrationStateMachineArn` (see `workflowStepStatements`).
   *
   * @returns the statements added to the grantee's policy
   */
  grantWorkflowStep(
    grantee: iam.IGrantable,
    orchestrationStateMachineArn: string,
  ): iam.PolicyStatement[] {
    return this.addToPrincipalPolicy(
      grantee,
      workflowStepStatements(
        this.laneResources('read_only'),
        orchestrationStateMachineArn,
      ),
    );
  }

  private createTable(
    tableName: string,
    isProd: boolean,
    removalPolicy: RemovalPolicy,
  ): dynamodb.Table {
    return new dynamodb.Table(this, 'KvTable', {
      tableName,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: KV_TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: isProd,
      removalPolicy,
    });
  }

  /** Where the artifacts bucket logs its access; it does not log itself. */
  private createAccessLogsBucket(removalPolicy: RemovalPolicy): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
      autoDeleteObjects: false,
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log destination of the artifacts bucket; logging it into itself would loop.',
    });
    return bucket;
  }

  /** The artifacts bucket: Intelligent-Tiering from day 0, `tmp/` and `dry-run/` expire after `temporaryDays`. */
  private createArtifactsBucket(
    removalPolicy: RemovalPolicy,
    temporaryDays: number,
  ): s3.Bucket {
    return new s3.Bucket(this, 'ArtifactsBucket', {
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
  }

  /** The mesh bus, with an archive that leaves out approval requests. */
  private createEventBus(
    props: AgentBusProps,
    names: ReturnType<typeof meshResourceNames>,
  ): events.EventBus {
    const eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName: names.eventBus,
    });
    eventBus.archive('Archive', {
      archiveName: eventArchiveName(props.meshId),
      description: `Replayable history of the ${props.meshId} mesh's events`,
      // Approval requests carry a live task token: whoever can replay or read the archive could answer the gate.
      // The portal gets them from the approval queue instead.
      eventPattern: {
        account: [Stack.of(this).account],
        detailType: events.Match.anythingBut(APPROVAL_REQUESTED_DETAIL_TYPE),
      },
      retention: Duration.days(props.eventArchiveRetentionDays ?? 30),
    });
    return eventBus;
  }

  private createSubtaskQueues(queueName: string): {
    deadLetterQueue: sqs.Queue;
    subtaskQueue: sqs.Queue;
  } {
    const deadLetterQueue = new sqs.Queue(this, 'SubtaskDeadLetterQueue', {
      queueName: `${queueName}-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const subtaskQueue = new sqs.Queue(this, 'SubtaskQueue', {
      queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.minutes(15),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 },
    });
    return { deadLetterQueue, subtaskQueue };
  }

  /** Queues the subtasks agents ask for on the bus. */
  private addAgentEventsRule(
    prefix: string,
    queues: { deadLetterQueue: sqs.IQueue; subtaskQueue: sqs.IQueue },
  ): void {
    new events.Rule(this, 'AgentEventsRule', {
      ruleName: `${prefix}-agent-events`,
      description: 'Queues the subtasks agents request on the bus',
      eventBus: this.eventBus,
      eventPattern: { detailType: [SUBTASK_REQUESTED_DETAIL_TYPE] },
      targets: [
        new targets.SqsQueue(queues.subtaskQueue, {
          message: events.RuleTargetInput.fromEventPath('$.detail'),
          deadLetterQueue: queues.deadLetterQueue,
          retryAttempts: 3,
        }),
      ],
    });
  }

  private createSecrets(
    props: AgentBusProps,
    removalPolicy: RemovalPolicy,
  ): Array<{ name: string; secret: secretsmanager.Secret; lanes: Lane[] }> {
    const declared: readonly MeshSecret[] = props.secretNames
      ? props.secretNames.map(name => ({ name, lanes: LANES }))
      : props.secrets ?? DEFAULT_MESH_SECRETS;
    return declared.map(({ name, lanes }) => {
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
      return { name, secret, lanes: [...lanes] };
    });
  }

  private laneResources(lane: Lane, agent?: string): LaneResources {
    return {
      tableArn: this.table.tableArn,
      bucketArn: this.artifactsBucket.bucketArn,
      eventBusArn: this.eventBus.eventBusArn,
      queueArn: this.subtaskQueue?.queueArn,
      secretArns: this.secretsFor(lane).map(s => s.secretArn),
      eventSources: agent ? [agentEventSource(agent)] : [],
    };
  }

  private addToPrincipalPolicy(
    grantee: iam.IGrantable,
    statements: iam.PolicyStatement[],
  ): iam.PolicyStatement[] {
    statements.forEach(s => grantee.grantPrincipal.addToPrincipalPolicy(s));
    return statements;
  }
}

/** Checks every prop of {@link AgentBus} and throws one error naming each problem. */
function validateProps(props: AgentBusProps): void {
  const errors = new PropsErrors('AgentBus');
  checkMeshId(errors, 'meshId', props.meshId);
  checkPositives(errors, {
    temporaryDataExpirationDays: props.temporaryDataExpirationDays,
    eventArchiveRetentionDays: props.eventArchiveRetentionDays,
  });
  checkEnvironment(errors, 'environment', props.environment);
  errors.check(
    !(props.secretNames && props.secrets),
    'secretNames',
    'give either secretNames or secrets, not both (secrets says which lanes read each)',
  );
  checkSecrets(errors, 'secrets', props.secrets);
  if (props.lanes !== undefined) {
    checkLanes(errors, 'lanes', props.lanes);
  }
  errors.throwIfAny();
}
