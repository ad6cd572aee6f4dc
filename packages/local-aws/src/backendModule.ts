import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { resolve } from 'node:path';
import { startLocalAws } from './localAws';

/** The port of the embedded default when `localAws.port` is not set. */
export const DEFAULT_LOCAL_AWS_PORT = 4599;

/** The demo meshes' catalog file when `localAws.catalogFile` is not set, relative to the backend's working directory. */
export const DEFAULT_CATALOG_FILE = '../../catalog/demo-meshes.yaml';

/**
 * Starts the embedded default AWS beside the Agent Mesh backend plugin when `localAws.enabled` is true,
 * so the app's start command brings it up and its shutdown stops it. Module init runs before the plugin's,
 * so the endpoints the plugin is pointed at already answer when it starts.
 */
export const localAwsModule = createBackendModule({
  pluginId: 'agent-mesh',
  moduleId: 'local-aws',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        if (!config.getOptionalBoolean('localAws.enabled')) {
          return;
        }
        const started = Date.now();
        const now = config.getOptionalString('localAws.now');
        const catalogFile = resolve(
          process.cwd(),
          config.getOptionalString('localAws.catalogFile') ??
            DEFAULT_CATALOG_FILE,
        );
        const running = await startLocalAws({
          host: config.getOptionalString('localAws.host'),
          port:
            config.getOptionalNumber('localAws.port') ?? DEFAULT_LOCAL_AWS_PORT,
          seed:
            config.getOptional<string | number>('localAws.seed') ?? undefined,
          now: now === undefined ? undefined : Date.parse(now),
          catalogFile,
          historyDays: config.getOptionalNumber('localAws.historyDays'),
          liveRuns: config.getOptionalBoolean('localAws.liveRuns'),
          runsPerHour: config.getOptionalNumber('localAws.runsPerHour'),
          tickMs:
            (config.getOptionalNumber('localAws.tickSeconds') ?? 5) * 1000,
        });
        const meshes = [...running.world().meshes.keys()];
        logger.info(
          `Embedded AWS listening on ${running.url} with ${
            meshes.length
          } demo mesh(es) [${meshes.join(
            ', ',
          )}] from ${catalogFile}, ready in ${Date.now() - started} ms`,
        );
        lifecycle.addShutdownHook(() => running.close());
      },
    });
  },
});
