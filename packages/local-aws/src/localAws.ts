import { TIERS } from '@agent-mesh/plugin-agent-mesh-common';
import { controlApi } from './control/controlApi';
import {
  OperationTable,
  RunningServer,
  startAwsJsonServer,
} from './server/awsJsonServer';
import { FaultInjector } from './server/faultInjector';
import { cloudWatchOperations } from './services/cloudWatch';
import { costExplorerOperations } from './services/costExplorer';
import { dynamoDbOperations } from './services/dynamoDb';
import { eventBridgeOperations } from './services/eventBridge';
import { stepFunctionsOperations } from './services/stepFunctions';
import { MeshSpec, readDemoMeshes } from './world/demoCatalog';
import { DefinitionCache } from './world/definitions';
import { World } from './world/world';

export interface LocalAwsOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
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
}

export interface RunningLocalAws extends RunningServer {
  /** The current world (replaced by a reset). */
  world(): World;
  faults: FaultInjector;
  reset(options?: { seed?: number | string; now?: number }): Promise<void>;
}

/** Every operation of the five services over one world. */
export function operationsOf(world: World): OperationTable {
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
  };
}

/**
 * Starts the embedded default AWS: builds the demo world (synthesizing each mesh's tier once and seeding its
 * history), serves the five services on loopback, and ticks the world while live runs are on.
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
  const definitions = new DefinitionCache();
  const settings = {
    seed: options.seed ?? 'agent-mesh',
    now: options.now,
    historyDays: options.historyDays ?? 28,
    liveRuns: options.liveRuns ?? true,
    runsPerHour: options.runsPerHour,
  };
  let world = new World({ ...settings, meshes }, definitions);
  const operations: OperationTable = operationsOf(world);
  const faults = new FaultInjector();
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
    Object.assign(operations, operationsOf(world));
    faults.clear();
  };
  const server = await startAwsJsonServer({
    operations,
    host: options.host,
    port: options.port,
    faults,
    control: controlApi({ world: () => world, faults, reset }),
  });
  const timer =
    settings.liveRuns && options.now === undefined
      ? setInterval(() => world.tick(), options.tickMs ?? 5000)
      : undefined;
  timer?.unref();
  return {
    ...server,
    world: () => world,
    faults,
    reset,
    close: async () => {
      if (timer) clearInterval(timer);
      world.close();
      await server.close();
    },
  };
}
