import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds } from '@backstage/types';
import { agentMeshPermissions } from '@agent-mesh/plugin-agent-mesh-common';
import { readAgentMeshConfig } from './config/agentMeshConfig';
import { DefaultMeshCatalog } from './catalog/meshCatalog';
import { cloudWatchServiceRef } from './aws/cloudWatchService';
import { costExplorerServiceRef } from './aws/costExplorerService';
import { laneServiceRef } from './aws/laneService';
import { stepFunctionsServiceRef } from './aws/stepFunctionsService';
import { laneWriterServiceRef } from './aws/laneWriter';
import { eventBusServiceRef } from './aws/eventBusService';
import { artifactsServiceRef } from './aws/artifactsService';
import { createPromotion } from './promotion/createPromotion';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { awsClientFactoryServiceRef } from './aws/awsClientFactory';
import { createApprovals } from './approvals/createApprovals';
import { registerAgentMeshActions } from './actions/registerAgentMeshActions';
import { KnexHistoryReadCounter } from './database/KnexHistoryReadCounter';
import { KnexSnapshotStore } from './database/KnexSnapshotStore';
import { RunHistoryReader } from './snapshot/runHistoryReader';
import { SnapshotRefresher } from './snapshot/snapshotRefresher';
import { refreshShards } from './snapshot/refreshShards';
import { createRouter } from './service/router';
import { MeshAccessCache } from './service/meshAccessCache';
import { MeshOwnership } from './catalog/meshOwnership';
import { CheckedMesh } from './service/meshAccess';

/**
 * The Agent Mesh backend plugin: serves `/api/agent-mesh`.
 *
 * @public
 */
export const agentMeshPlugin = createBackendPlugin({
  pluginId: 'agent-mesh',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        cache: coreServices.cache,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        stepFunctions: stepFunctionsServiceRef,
        cloudWatch: cloudWatchServiceRef,
        costExplorer: costExplorerServiceRef,
        lanes: laneServiceRef,
        metrics: metricsServiceRef,
        auditor: coreServices.auditor,
        laneWriter: laneWriterServiceRef,
        eventBus: eventBusServiceRef,
        artifacts: artifactsServiceRef,
        clients: awsClientFactoryServiceRef,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { logger, httpRouter, scheduler } = deps;
        const config = readAgentMeshConfig(deps.config);
        const overridden = Object.keys(config.endpoints);
        logger.info(
          overridden.length
            ? `AWS endpoints overridden for ${overridden.join(', ')}${
                config.hasAwsCredentialsConfig
                  ? ''
                  : '; no aws config, so overridden services get static local credentials'
              }`
            : 'AWS reached at its regional endpoints',
        );

        deps.permissionsRegistry.addPermissions(agentMeshPermissions);
        const store = await KnexSnapshotStore.create({
          database: deps.database,
        });
        const meshCatalog = new DefaultMeshCatalog(deps.catalog);
        const accessCache = new MeshAccessCache<CheckedMesh>(
          durationToMilliseconds(config.accessCacheTtl),
        );
        const ownership = new MeshOwnership(deps);
        const promotion = await createPromotion({ ...deps, store, config });
        const approvals = await createApprovals({
          ...deps,
          store,
          writer: promotion.writer,
        });
        const refresher = new SnapshotRefresher({
          ...deps,
          store,
          meshCatalog,
          ownership,
          config,
          afterMeshRefresh: approvals.afterMeshRefresh,
        });
        const history = new RunHistoryReader({
          store,
          stepFunctions: deps.stepFunctions,
          maxAgeMs: durationToMilliseconds(config.refreshFrequency),
          reads: new KnexHistoryReadCounter(await deps.database.getClient()),
          readsPerMinute: config.runs.historyReadsPerMinute,
        });

        for (const shard of refreshShards(config.refreshShards)) {
          await scheduler.scheduleTask({
            id: shard.taskId,
            frequency: config.refreshFrequency,
            timeout: config.refreshTimeout,
            // Each shard once per interval across all replicas, locked on its own: replicas share the work.
            scope: 'global',
            fn: abortSignal => refresher.refreshAll(abortSignal, shard),
          });
        }

        registerAgentMeshActions({
          ...deps,
          meshCatalog,
          accessCache,
          ownership,
          store,
          promotion,
        });

        httpRouter.use(
          await createRouter({
            ...deps,
            meshCatalog,
            accessCache,
            ownership,
            store,
            history,
            config,
            promotion,
            approvals,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
