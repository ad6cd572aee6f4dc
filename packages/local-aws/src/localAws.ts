import { TIERS } from '@agent-mesh/plugin-agent-mesh-common';
import { randomBytes } from 'node:crypto';
import { controlApi } from './control/controlApi';
import {
  OperationTable,
  RunningServer,
  startAwsJsonServer,
} from './server/awsJsonServer';
import { FaultInjector } from './server/faultInjector';
import { ArtifactsServer, startArtifactsServer } from './s3/artifactsServer';
import { provisionArtifacts, provisionMeshArtifacts } from './s3/demoArtifacts';
import { cloudWatchOperations } from './services/cloudWatch';
import { costExplorerOperations } from './services/costExplorer';
import { dynamoDbOperations } from './services/dynamoDb';
import { eventBridgeOperations } from './services/eventBridge';
import { sqsOperations } from './services/sqs';
import { stepFunctionsOperations } from './services/stepFunctions';
import { MeshSpec, readDemoMeshes } from './world/demoCatalog';
import { DefinitionCache } from './world/definitions';
import { World } from './world/world';

export interface LocalAwsOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Port of the artifacts S3 (s3rver). @defaultValue 0, a free port */
  s3Port?: number;
  /** @defaultValue 'agent-mesh' */
  seed?: number | string;
  /** Fixes the world clock at this time (epoch ms); it then moves only through the control API. */
  now?: number;
  /** The meshes to hold; read from `catalogFile` when absent. */
  meshes?: MeshSpec[];
  catalogFile?: string;
  /** @defaultValue 28 */
  historyDays?: number;
  /** @defaultValue true */
  liveRuns?: boolean;
  runsPerHour?: number;
  /** Real milliseconds between ticks of the world while live runs are on. @defaultValue 5000 */
  tickMs?: number;
  /**
   * The token every control API request (`/_local/`) must carry in the `x-agent-mesh-local-token` header.
   * @defaultValue 32 random bytes, base64url, new at every start (read it from `controlToken` of the result)
   */
  controlToken?: string;
  /**
   * Origins (`scheme://host:port`) allowed to call the control API from a browser. Any other request with an
   * `Origin` header is refused with 403, whatever its token.
   * @defaultValue none
   */
  controlAllowedOrigins?: readonly string[];
}

export interface RunningLocalAws extends RunningServer {
  /** The token of the control API (`x-agent-mesh-local-token`). Never log it. */
  controlToken: string;
  /** The artifacts S3 endpoint, e.g. `http://127.0.0.1:4598` (path-style: give clients `forcePathStyle: true`). */
  s3Url: string;
  artifacts: ArtifactsServer;
  /** The current world (replaced by a reset). */
  world(): World;
  faults: FaultInjector;
  reset(options?: { seed?: number | string; now?: number }): Promise<void>;
}

/**
 * Every operation of the JSON-protocol services over one world. `baseUrl` is the server's own URL, which
 * SQS queue URLs start with.
 */
export function operationsOf(
  world: World,
  baseUrl: () => string = () => 'http://127.0.0.1:4599',
): OperationTable {
  const now = () => world.clock.now();
  return {
    ...stepFunctionsOperations(world),
    ...cloudWatchOperations({
      metrics: world.metrics,
      alarms: world.alarms,
      now,
    }),
    ...costExplorerOperations({ costs: world.costs, now }),
    ...dynamoDbOperations({ tables: world.tables }),
    ...eventBridgeOperations({ events: world.events, now }),
    ...sqsOperations({ queues: world.queues, now, baseUrl }),
  };
}

/**
 * Starts the embedded default AWS: builds the demo world (synthesizing each mesh's tier once and seeding its
 * history), serves the JSON-protocol services on loopback, starts s3rver with the meshes' artifacts buckets,
 * and ticks the world while live runs are on.
 */
export async function startLocalAws(
  options: LocalAwsOptions = {},
): Promise<RunningLocalAws> {
  const meshes =
    options.meshes ??
    (options.catalogFile ? readDemoMeshes(options.catalogFile) : []);
  for (const mesh of meshes) {
    if (!(TIERS as readonly string[]).includes(mesh.tier))
      throw new Error(`Mesh ${mesh.meshId} has an unknown tier`);
  }
  if (options.controlToken !== undefined && options.controlToken.length < 16) {
    throw new Error('The control token must be at least 16 characters');
  }
  const controlToken =
    options.controlToken ?? randomBytes(32).toString('base64url');
  const definitions = new DefinitionCache();
  const settings = {
    seed: options.seed ?? 'agent-mesh',
    now: options.now,
    historyDays: options.historyDays ?? 28,
    liveRuns: options.liveRuns ?? true,
    runsPerHour: options.runsPerHour,
  };
  let world = new World({ ...settings, meshes }, definitions);
  let baseUrl = '';
  const operations: OperationTable = operationsOf(world, () => baseUrl);
  const faults = new FaultInjector();
  const artifacts = await startArtifactsServer({
    host: options.host,
    port: options.s3Port,
  }).catch(error => {
    world.close();
    throw error;
  });
  const reset = async (next: { seed?: number | string; now?: number } = {}) => {
    const specs = [...world.meshes.values()].map(m => m.model.spec);
    world.close();
    world = new World(
      {
        ...settings,
        seed: next.seed ?? settings.seed,
        now: next.now ?? settings.now,
        meshes: specs.filter(s => meshes.includes(s)),
      },
      definitions,
    );
    Object.assign(
      operations,
      operationsOf(world, () => baseUrl),
    );
    faults.clear();
    await provisionArtifacts(artifacts, world);
  };
  let server: RunningServer;
  try {
    await provisionArtifacts(artifacts, world);
    server = await startAwsJsonServer({
      operations,
      host: options.host,
      port: options.port,
      faults,
      controlToken,
      controlAllowedOrigins: options.controlAllowedOrigins,
      control: controlApi({
        world: () => world,
        faults,
        reset,
        meshAdded: meshId =>
          provisionMeshArtifacts(
            artifacts,
            world,
            world.meshes.get(meshId)!.model,
          ),
      }),
    });
  } catch (error) {
    world.close();
    await artifacts.close();
    throw error;
  }
  baseUrl = server.url;
  const timer =
    settings.liveRuns && options.now === undefined
      ? setInterval(() => world.tick(), options.tickMs ?? 5000)
      : undefined;
  timer?.unref();
  return {
    ...server,
    controlToken,
    s3Url: artifacts.url,
    artifacts,
    world: () => world,
    faults,
    reset,
    close: async () => {
      if (timer) clearInterval(timer);
      world.close();
      await server.close();
      await artifacts.close();
    },
  };
}
