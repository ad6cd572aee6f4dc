import { readAgentMeshConfig } from '../config/agentMeshConfig';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsClientFactory } from '../aws/awsClientFactory';
import { InMemoryAwsCallRecorder } from '../aws/awsCallRecorder';

/**
 * Real clients, as the plugin makes them, pointed at an endpoint nothing listens on: tests mock their
 * `send` with aws-sdk-client-mock, so a request that escapes the mock fails loudly instead of reaching AWS.
 */
export function testClientFactory() {
  const endpoint = 'http://127.0.0.1:9';
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
      },
    }),
  );
  const recorder = new InMemoryAwsCallRecorder();
  const clients = DefaultAwsClientFactory.fromConfig(config, {
    credentialsManager: {
      getCredentialProvider: async () => {
        throw new Error('tests use the static local credentials');
      },
    },
    recorder,
  });
  return { clients, recorder };
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
