import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient, SFNClientConfig } from '@aws-sdk/client-sfn';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  MetricsService,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import {
  AgentMeshConfig,
  AwsService,
  readAgentMeshConfig,
} from '../config/agentMeshConfig';
import { requireAllowedAccount } from '../config/accountAllowList';
import {
  AwsCallCounter,
  countAwsCalls,
  createAwsCallCounter,
} from '../metrics/awsCallMetrics';

/** Where to reach a service: the account whose credentials to use, and the region. */
export interface AwsTarget {
  accountId: string;
  region: string;
}

/**
 * Makes the SDK v3 clients, one per service, account and region, with the account's credentials, the
 * configured endpoint override, bounded timeouts, and a middleware that counts every request sent
 * (`agent_mesh.aws.calls.count`, by service, operation and result).
 *
 * @public
 */
export interface AwsClientFactory {
  stepFunctions(target: AwsTarget): Promise<SFNClient>;
  cloudWatch(target: AwsTarget): Promise<CloudWatchClient>;
  /** Cost Explorer has one endpoint, in us-east-1, whatever the mesh's region. */
  costExplorer(target: { accountId: string }): Promise<CostExplorerClient>;
  dynamoDb(target: AwsTarget): Promise<DynamoDBClient>;
  eventBridge(target: AwsTarget): Promise<EventBridgeClient>;
  /** Path-style addressing when the endpoint is overridden (s3rver, LocalStack). */
  s3(target: AwsTarget): Promise<S3Client>;
}

/** Credentials used when an endpoint is overridden (embedded default, LocalStack) and no `aws` config exists. */
export const LOCAL_ENDPOINT_CREDENTIALS = {
  accessKeyId: 'agent-mesh-local',
  secretAccessKey: 'agent-mesh-local',
};

type Client =
  | SFNClient
  | CloudWatchClient
  | CostExplorerClient
  | DynamoDBClient
  | EventBridgeClient
  | S3Client;

interface ClientOptions {
  region: string;
  endpoint?: string;
  credentials: SFNClientConfig['credentials'];
  maxAttempts: number;
  customUserAgent: string;
  requestHandler: { connectionTimeout: number; requestTimeout: number };
}

/** @public */
export class DefaultAwsClientFactory implements AwsClientFactory {
  private readonly clients = new Map<string, Promise<Client>>();

  static fromConfig(
    config: AgentMeshConfig,
    deps: {
      credentialsManager: Pick<
        DefaultAwsCredentialsManager,
        'getCredentialProvider'
      >;
      /** The plugin's metrics service (`metricsServiceRef`), where the AWS calls are counted. */
      metrics: MetricsService;
    },
  ): DefaultAwsClientFactory {
    return new DefaultAwsClientFactory(
      config,
      deps.credentialsManager,
      createAwsCallCounter(deps.metrics),
    );
  }

  private constructor(
    private readonly config: AgentMeshConfig,
    private readonly credentialsManager: Pick<
      DefaultAwsCredentialsManager,
      'getCredentialProvider'
    >,
    private readonly calls: AwsCallCounter,
  ) {}

  stepFunctions(target: AwsTarget): Promise<SFNClient> {
    return this.client('stepFunctions', target, o => new SFNClient(o));
  }

  cloudWatch(target: AwsTarget): Promise<CloudWatchClient> {
    return this.client('cloudWatch', target, o => new CloudWatchClient(o));
  }

  costExplorer(target: { accountId: string }): Promise<CostExplorerClient> {
    return this.client(
      'costExplorer',
      { accountId: target.accountId, region: 'us-east-1' },
      o => new CostExplorerClient(o),
    );
  }

  dynamoDb(target: AwsTarget): Promise<DynamoDBClient> {
    return this.client('dynamoDb', target, o => new DynamoDBClient(o));
  }

  eventBridge(target: AwsTarget): Promise<EventBridgeClient> {
    return this.client('eventBridge', target, o => new EventBridgeClient(o));
  }

  s3(target: AwsTarget): Promise<S3Client> {
    return this.client(
      's3',
      target,
      o => new S3Client({ ...o, forcePathStyle: Boolean(o.endpoint) }),
    );
  }

  private client<T extends Client>(
    service: AwsService,
    target: AwsTarget,
    create: (options: ClientOptions) => T,
  ): Promise<T> {
    try {
      requireAllowedAccount(this.config.accounts, {
        accountId: target.accountId,
        // Cost Explorer's one endpoint is in us-east-1 whatever the mesh's region.
        region: service === 'costExplorer' ? undefined : target.region,
      });
    } catch (refused) {
      return Promise.reject(refused);
    }
    const key = `${service}/${target.accountId}/${target.region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.create(service, target, create);
      // A failed credentials lookup is not kept: the next refresh tries again.
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client as Promise<T>;
  }

  private async create<T extends Client>(
    service: AwsService,
    target: AwsTarget,
    create: (options: ClientOptions) => T,
  ): Promise<T> {
    const endpoint = this.config.endpoints[service];
    const credentials =
      endpoint && !this.config.hasAwsCredentialsConfig
        ? LOCAL_ENDPOINT_CREDENTIALS
        : (
            await this.credentialsManager.getCredentialProvider({
              accountId: target.accountId,
            })
          ).sdkCredentialProvider;
    const client = create({
      region: target.region,
      endpoint,
      credentials,
      // The SDK retries throttling with backoff; a refresh must not hang on a region that is down.
      maxAttempts: 3,
      customUserAgent: 'backstage-plugin-agent-mesh',
      requestHandler: { connectionTimeout: 3000, requestTimeout: 10000 },
    });
    countAwsCalls(client, serviceLabel(service), this.calls);
    return client;
  }
}

function serviceLabel(service: AwsService): string {
  return {
    stepFunctions: 'StepFunctions',
    cloudWatch: 'CloudWatch',
    costExplorer: 'CostExplorer',
    dynamoDb: 'DynamoDB',
    eventBridge: 'EventBridge',
    s3: 'S3',
  }[service];
}

/**
 * The factory of AWS clients; replace it to change how credentials or endpoints are found.
 *
 * @public
 */
export const awsClientFactoryServiceRef = createServiceRef<AwsClientFactory>({
  id: 'agent-mesh.aws-clients',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        metrics: metricsServiceRef,
      },
      factory: ({ config, metrics }) =>
        DefaultAwsClientFactory.fromConfig(readAgentMeshConfig(config), {
          credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
          metrics,
        }),
    }),
});
