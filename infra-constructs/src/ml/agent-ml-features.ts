import { meshResourceNames } from '@agent-mesh/mesh-model';
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { createMeshVpc } from '../compute/mesh-vpc';
import {
  MeshEnvironment,
  logRetentionFor,
} from '../observability/log-retention';
import { checkMeshId, checkPositives } from '../validation/mesh-rules';
import { PropsErrors } from '../validation/props-errors';

/**
 * Props of {@link AgentMlFeatures}.
 *
 * @public
 */
export interface AgentMlFeaturesProps {
  /** The mesh id. */
  readonly meshId: string;
  /**
   * The VPC to place the database in (for example the compute VPC, or an imported one).
   * @default a new VPC with one NAT gateway (the secret rotation needs to reach Secrets Manager)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets of `vpc` for the database.
   * @default private subnets with egress
   */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * Security groups allowed to connect to the database (for example the agents').
   * @default none
   */
  readonly clients?: readonly ec2.IConnectable[];
  /**
   * Minimum Aurora capacity units; 0.5 keeps the database warm for agents' first query.
   * @default 0.5
   */
  readonly minCapacity?: number;
  /**
   * Maximum Aurora capacity units.
   * @default 4
   */
  readonly maxCapacity?: number;
  /**
   * The database name.
   * @default 'agentmesh'
   */
  readonly databaseName?: string;
  /**
   * The environment; `prod` adds a reader, deletion protection and snapshot-on-delete.
   * @default 'dev'
   */
  readonly environment?: MeshEnvironment;
}

/** The non-default port the database listens on. @public */
export const ML_DATABASE_PORT = 5438;

/**
 * Aurora Serverless v2 PostgreSQL with the pgvector extension enabled at deploy time through the
 * RDS Data API, credentials in Secrets Manager (rotated every 30 days).
 *
 * @public
 */
export class AgentMlFeatures extends Construct {
  public readonly vpc: ec2.IVpc;
  /** The Aurora Serverless v2 PostgreSQL cluster `agent-mesh-<meshId>-ml`. */
  public readonly cluster: rds.IDatabaseCluster;
  public readonly databaseName: string;
  /** The pgvector version the deployed database reports, proving the extension is enabled. */
  public readonly pgvectorVersion: string;
  /**
   * Environment variables an agent's container needs to reach the database through the RDS Data API:
   * `ML_DB_CLUSTER_ARN`, `ML_DB_SECRET_ARN`, `ML_DB_NAME`, `ML_DB_ENDPOINT`. Pair with {@link AgentMlFeatures.grantDataAccess}.
   */
  public readonly taskEnvironment: Readonly<Record<string, string>>;
  private readonly secretArn: string;

  constructor(scope: Construct, id: string, props: AgentMlFeaturesProps) {
    super(scope, id);
    const errors = new PropsErrors('AgentMlFeatures');
    checkMeshId(errors, 'meshId', props.meshId);
    checkPositives(errors, {
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    errors.check(
      (props.minCapacity ?? 0.5) <= (props.maxCapacity ?? 4),
      'maxCapacity',
      `must be at least minCapacity (${props.minCapacity ?? 0.5})`,
    );
    errors.check(
      props.databaseName === undefined ||
        /^[a-z][a-z0-9_]{0,62}$/.test(props.databaseName),
      'databaseName',
      'must be lowercase letters, digits and underscores, starting with a letter',
    );
    errors.throwIfAny();

    const environment = props.environment ?? 'dev';
    const isProd = environment === 'prod';
    const names = meshResourceNames(props.meshId);
    this.databaseName = props.databaseName ?? 'agentmesh';

    this.vpc =
      props.vpc ??
      createMeshVpc(this, {
        natGateways: 1,
        environment,
        meshId: `${props.meshId}-ml`,
      }).vpc;

    const cluster = new rds.DatabaseCluster(this, 'Database', {
      clusterIdentifier: `${names.prefix}-ml`,
      engine: rds.DatabaseClusterEngine.auroraPostgres({
        version: rds.AuroraPostgresEngineVersion.VER_16_6,
      }),
      writer: rds.ClusterInstance.serverlessV2('Writer', {
        publiclyAccessible: false,
      }),
      readers: isProd
        ? [
            rds.ClusterInstance.serverlessV2('Reader', {
              scaleWithWriter: true,
            }),
          ]
        : [],
      serverlessV2MinCapacity: props.minCapacity ?? 0.5,
      serverlessV2MaxCapacity: props.maxCapacity ?? 4,
      credentials: rds.Credentials.fromGeneratedSecret('agentmesh_admin', {
        secretName: `agent-mesh/${props.meshId}/ml-database`,
      }),
      defaultDatabaseName: this.databaseName,
      port: ML_DATABASE_PORT,
      storageEncrypted: true,
      iamAuthentication: true,
      enableDataApi: true,
      deletionProtection: isProd,
      removalPolicy: isProd ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      backup: { retention: Duration.days(isProd ? 14 : 7) },
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: logRetentionFor(environment),
      vpc: this.vpc,
      vpcSubnets: props.subnets ?? {
        subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
      },
    });
    this.cluster = cluster;
    for (const client of props.clients ?? []) {
      cluster.connections.allowDefaultPortFrom(
        client,
        'Agents query embeddings',
      );
    }
    cluster.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
    });
    // The schedule rotates at creation: it must wait for the custom resources that read the secret (below).
    const rotationSchedule = cluster.secret!.node.findChild('RotationSchedule');
    if (!isProd) {
      Validations.of(cluster).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Deletion protection is on in prod; dev and staging meshes are meant to be torn down with their stack.',
      });
    }

    const secret = cluster.secret!;
    const dataApi = (sql: string) => ({
      service: 'rds-data',
      action: 'ExecuteStatement',
      parameters: {
        resourceArn: cluster.clusterArn,
        secretArn: secret.secretArn,
        database: this.databaseName,
        sql,
      },
    });
    const policy = cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({
        actions: ['rds-data:ExecuteStatement'],
        resources: [cluster.clusterArn],
      }),
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secret.secretArn],
      }),
    ]);
    const enable = new cr.AwsCustomResource(this, 'EnablePgvector', {
      onCreate: {
        ...dataApi('CREATE EXTENSION IF NOT EXISTS vector'),
        physicalResourceId: cr.PhysicalResourceId.of(
          `${names.prefix}-pgvector`,
        ),
      },
      onUpdate: {
        ...dataApi('CREATE EXTENSION IF NOT EXISTS vector'),
        physicalResourceId: cr.PhysicalResourceId.of(
          `${names.prefix}-pgvector`,
        ),
      },
      policy,
      installLatestAwsSdk: false,
    });
    // The database must be up with its secret attached; not the whole cluster construct, which holds the
    // rotation schedule that itself waits for these custom resources.
    enable.node.addDependency(
      cluster.node.findChild('Resource'),
      cluster.node.findChild('Writer'),
      secret.node.findChild('Resource'),
    );
    // Reads the extension back: if it is missing, `records.0.0` does not exist and the deploy fails here.
    const check = new cr.AwsCustomResource(this, 'CheckPgvector', {
      onUpdate: {
        ...dataApi(
          "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
        ),
        physicalResourceId: cr.PhysicalResourceId.of(
          `${names.prefix}-pgvector-check`,
        ),
        outputPaths: ['records.0.0.stringValue'],
      },
      policy,
      installLatestAwsSdk: false,
    });
    check.node.addDependency(enable);
    // The first rotation changes the password the Data API calls use: start it once pgvector is enabled and checked.
    rotationSchedule.node.addDependency(enable, check);
    this.secretArn = secret.secretArn;
    this.taskEnvironment = {
      ML_DB_CLUSTER_ARN: cluster.clusterArn,
      ML_DB_SECRET_ARN: secret.secretArn,
      ML_DB_NAME: this.databaseName,
      ML_DB_ENDPOINT: cluster.clusterEndpoint.socketAddress,
    };
    this.pgvectorVersion = check.getResponseField('records.0.0.stringValue');
    new CfnOutput(this, 'PgvectorVersion', {
      value: this.pgvectorVersion,
      description: 'pgvector version enabled in the ML database',
    });
  }

  /**
   * Lets `grantee` query the database through the RDS Data API (statements and transactions on this cluster
   * only) and read this cluster's credentials secret, nothing else.
   */
  grantDataAccess(grantee: iam.IGrantable): iam.Grant {
    const dataApi = iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'rds-data:ExecuteStatement',
        'rds-data:BatchExecuteStatement',
        'rds-data:BeginTransaction',
        'rds-data:CommitTransaction',
        'rds-data:RollbackTransaction',
      ],
      resourceArns: [this.cluster.clusterArn],
    });
    return dataApi.combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['secretsmanager:GetSecretValue'],
        resourceArns: [this.secretArn],
      }),
    );
  }

  /** Dashboard widgets for the database's capacity and connections. */
  dashboardWidgets(): cloudwatch.IWidget[] {
    const metric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/RDS',
        metricName,
        dimensionsMap: { DBClusterIdentifier: this.cluster.clusterIdentifier },
      });
    return [
      new cloudwatch.GraphWidget({
        title: 'ML database capacity (ACU) and utilization',
        left: [metric('ServerlessDatabaseCapacity')],
        right: [metric('ACUUtilization')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'ML database connections',
        left: [metric('DatabaseConnections')],
        width: 12,
      }),
    ];
  }
}
