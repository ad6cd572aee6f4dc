import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { MeshSummary } from '@agent-mesh/plugin-agent-mesh-common';
import { DefaultCloudWatchService } from '../aws/cloudWatchService';
import { DefaultCostExplorerService } from '../aws/costExplorerService';
import { DefaultLaneService } from '../aws/laneService';
import { DefaultStepFunctionsService } from '../aws/stepFunctionsService';
import { MeshOwnership } from '../catalog/meshOwnership';
import { readAgentMeshConfig } from '../config/agentMeshConfig';
import { SnapshotStore } from '../database/SnapshotStore';
import {
  SnapshotRefresher,
  SnapshotRefresherOptions,
} from '../snapshot/snapshotRefresher';
import { testClientFactory } from './awsTestClients';

/**
 * A refresher as the plugin builds one, over the real services and clients of {@link testClientFactory} (mock
 * them with aws-sdk-client-mock), the default config, and a catalog that lists `meshes`. Its clock is `setNow`'s.
 */
export function testRefresher(options: {
  store: SnapshotStore;
  meshes: () => Promise<MeshSummary[]>;
  startMs: number;
  afterMeshRefresh?: SnapshotRefresherOptions['afterMeshRefresh'];
}) {
  const { clients, metrics } = testClientFactory();
  let now = new Date(options.startMs);
  const stepFunctions = DefaultStepFunctionsService.fromConfig({ clients });
  const refresher = new SnapshotRefresher({
    store: options.store,
    meshCatalog: {
      listMeshes: options.meshes,
      getMeshEntity: async () => undefined,
    },
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    config: readAgentMeshConfig(new ConfigReader({})),
    stepFunctions,
    ownership: new MeshOwnership({
      stepFunctions,
      cache: mockServices.cache.mock(),
    }),
    afterMeshRefresh: options.afterMeshRefresh,
    cloudWatch: DefaultCloudWatchService.fromConfig({ clients }),
    costExplorer: DefaultCostExplorerService.fromConfig({ clients }),
    lanes: DefaultLaneService.fromConfig({ clients }),
    metrics,
    now: () => now,
  });
  return {
    refresher,
    metrics,
    setNow: (ms: number) => (now = new Date(ms)),
  };
}
