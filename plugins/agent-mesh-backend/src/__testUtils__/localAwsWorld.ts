import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { LocalAwsOptions, RunningLocalAws, startLocalAws } from 'local-aws';
import { readAgentMeshConfig } from '../config/agentMeshConfig';
import { DefaultAwsClientFactory } from '../aws/awsClientFactory';
import { DefaultCloudWatchService } from '../aws/cloudWatchService';
import { DefaultCostExplorerService } from '../aws/costExplorerService';
import { DefaultLaneService } from '../aws/laneService';
import { DefaultStepFunctionsService } from '../aws/stepFunctionsService';
import { RecordingMetrics } from './recordingMetrics';

/** The repository's demo catalog: the file the local app's catalog and local-aws's world both read. */
export const DEMO_CATALOG_FILE = resolvePackagePath(
  '@agent-mesh/plugin-agent-mesh-backend',
  '../../catalog/demo-meshes.yaml',
);

/** The entities of the demo catalog, as the catalog would serve them (namespace `default`). */
export function demoCatalogEntities(): Entity[] {
  return parseAllDocuments(readFileSync(DEMO_CATALOG_FILE, 'utf8'))
    .map(doc => doc.toJS() as Entity)
    .filter(entity => entity && typeof entity === 'object')
    .map(entity => ({
      ...entity,
      metadata: { namespace: 'default', ...entity.metadata },
    }));
}

/** The control tokens of the local-aws servers this process started, by URL, for {@link localControl}. */
const controlTokens = new Map<string, string>();

/**
 * Starts local-aws with its demo world from the repository's catalog, on a free port, seeded, with the clock
 * standing still at `now` and no live runs unless asked.
 */
export async function startDemoAws(
  options: LocalAwsOptions & { now: number },
): Promise<RunningLocalAws> {
  const running = await startLocalAws({
    port: 0,
    seed: 'agent-mesh-backend',
    catalogFile: DEMO_CATALOG_FILE,
    historyDays: 14,
    liveRuns: false,
    ...options,
  });
  controlTokens.set(running.url, running.controlToken);
  return running;
}

/** The plugin's config pointing every AWS service at `url`, as the local app does. */
export function endpointsConfig(url: string, s3Url?: string) {
  return {
    agentMesh: {
      aws: {
        endpoints: {
          stepFunctions: url,
          cloudWatch: url,
          costExplorer: url,
          dynamoDb: url,
          eventBridge: url,
          // Every service overridden, so no real AWS can be reached and any account is allowed.
          s3: s3Url ?? url,
        },
      },
    },
  };
}

/** The plugin's own AWS services, as the plugin builds them, pointed at `url`, counting their calls in `metrics`. */
export function pluginAwsServices(url: string) {
  const config = readAgentMeshConfig(new ConfigReader(endpointsConfig(url)));
  const metrics = new RecordingMetrics();
  const clients = DefaultAwsClientFactory.fromConfig(config, {
    credentialsManager: {
      getCredentialProvider: async () => {
        throw new Error('no aws config: the static local credentials are used');
      },
    },
    metrics,
  });
  return {
    config,
    metrics,
    clients,
    stepFunctions: DefaultStepFunctionsService.fromConfig({ clients }),
    cloudWatch: DefaultCloudWatchService.fromConfig({ clients }),
    lanes: DefaultLaneService.fromConfig({ clients }),
    costExplorer: DefaultCostExplorerService.fromConfig({ clients }),
  };
}

/**
 * Calls local-aws's control API (`/_local/...`) over HTTP with its token (`x-agent-mesh-local-token`), as a
 * test or the local app would. Give the running server, or the URL of one {@link startDemoAws} started.
 */
export async function localControl(
  aws: string | { url: string; controlToken: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const url = typeof aws === 'string' ? aws : aws.url;
  const token =
    typeof aws === 'string' ? controlTokens.get(aws) : aws.controlToken;
  if (!token) {
    throw new Error(
      `No control token for ${url}: pass the running local-aws, or start it with startDemoAws`,
    );
  }
  const response = await fetch(`${url}/_local${path}`, {
    method,
    headers: {
      'x-agent-mesh-local-token': token,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) {
    throw new Error(
      `${method} /_local${path} answered ${response.status}: ${JSON.stringify(
        answer,
      )}`,
    );
  }
  return answer;
}
