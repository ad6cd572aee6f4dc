import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';

/** The AWS services whose endpoint can be overridden, by their config key. */
export const AWS_SERVICES = [
  'stepFunctions',
  'cloudWatch',
  'costExplorer',
  'dynamoDb',
  'eventBridge',
] as const;

export type AwsService = (typeof AWS_SERVICES)[number];

export interface AgentMeshConfig {
  refreshFrequency: HumanDuration;
  endpoints: Partial<Record<AwsService, string>>;
}

const DEFAULT_REFRESH_FREQUENCY: HumanDuration = { minutes: 1 };

/**
 * Reads and checks the `agentMesh` config once at start, so a bad value stops the backend with the key
 * in the message instead of failing later inside a scheduled task.
 */
export function readAgentMeshConfig(config: Config): AgentMeshConfig {
  const root = config.getOptionalConfig('agentMesh');
  return {
    refreshFrequency: readRefreshFrequency(root),
    endpoints: readEndpoints(root?.getOptionalConfig('aws.endpoints')),
  };
}

function readRefreshFrequency(root: Config | undefined): HumanDuration {
  if (!root?.has('refresh.frequency')) {
    return DEFAULT_REFRESH_FREQUENCY;
  }
  try {
    return readDurationFromConfig(root, { key: 'refresh.frequency' });
  } catch (error) {
    throw new Error(
      `Invalid config at 'agentMesh.refresh.frequency': expected a duration such as { minutes: 1 }, '1m' or 'PT1M'. ${
        (error as Error).message
      }`,
    );
  }
}

function readEndpoints(
  endpoints: Config | undefined,
): Partial<Record<AwsService, string>> {
  if (!endpoints) {
    return {};
  }
  const unknownKeys = endpoints
    .keys()
    .filter(key => !(AWS_SERVICES as readonly string[]).includes(key));
  if (unknownKeys.length > 0) {
    throw new Error(
      `Invalid config at 'agentMesh.aws.endpoints.${
        unknownKeys[0]
      }': unknown service; allowed are ${AWS_SERVICES.join(', ')}.`,
    );
  }
  const result: Partial<Record<AwsService, string>> = {};
  for (const service of AWS_SERVICES) {
    const value = endpoints.getOptionalString(service);
    if (value !== undefined) {
      result[service] = readHttpUrl(
        value,
        `agentMesh.aws.endpoints.${service}`,
      );
    }
  }
  return result;
}

function readHttpUrl(value: string, key: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new Error(
      `Invalid config at '${key}': '${value}' is not an http(s) URL such as http://localhost:4599.`,
    );
  }
  return value;
}
