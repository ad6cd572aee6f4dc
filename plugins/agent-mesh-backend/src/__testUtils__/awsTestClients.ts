import { readAgentMeshConfig } from '../config/agentMeshConfig';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsClientFactory } from '../aws/awsClientFactory';
import { RecordingMetrics } from './recordingMetrics';

/**
 * Real clients, as the plugin makes them, pointed at `endpoint` (by default one nothing listens on: tests mock
 * their `send` with aws-sdk-client-mock, so a request that escapes the mock fails loudly instead of reaching AWS).
 * `agentMesh` adds to the plugin config (accounts, ...). `metrics` is the in-memory metrics service the clients
 * and a refresher built with it record into.
 */
export function testClientFactory(
  endpoint = 'http://127.0.0.1:9',
  agentMesh: object = {},
) {
  const config = readAgentMeshConfig(
    new ConfigReader({
      agentMesh: {
        aws: {
          endpoints: {
            stepFunctions: endpoint,
            cloudWatch: endpoint,
            costExplorer: endpoint,
            dynamoDb: endpoint,
            eventBridge: endpoint,
            s3: endpoint,
          },
        },
        ...agentMesh,
      },
    }),
  );
  const metrics = new RecordingMetrics();
  const clients = DefaultAwsClientFactory.fromConfig(config, {
    credentialsManager: {
      getCredentialProvider: async () => {
        throw new Error('tests use the static local credentials');
      },
    },
    metrics,
  });
  return { clients, metrics };
}

export const TARGET = {
  meshId: 'billing-dev',
  accountId: '123456789012',
  region: 'eu-west-1',
};

/** The KV table (lane items) of the {@link TARGET} mesh. */
export const KV_TABLE = 'agent-mesh-billing-dev-kv';

export const STATE_MACHINE_ARN =
  'arn:aws:states:eu-west-1:123456789012:stateMachine:agent-mesh-billing-dev-orchestration';

/** An SDK-shaped service error, as the SDK throws for an AWS error answer. */
export function awsError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, {
    $metadata: { httpStatusCode: 400 },
    $fault: 'client',
  });
}
