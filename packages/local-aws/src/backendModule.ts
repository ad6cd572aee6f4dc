import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { startAwsJsonServer } from './server/awsJsonServer';

/** The port of the embedded default when `localAws.port` is not set. */
export const DEFAULT_LOCAL_AWS_PORT = 4599;

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
        const running = await startAwsJsonServer({
          operations: {},
          host: config.getOptionalString('localAws.host'),
          port:
            config.getOptionalNumber('localAws.port') ?? DEFAULT_LOCAL_AWS_PORT,
        });
        logger.info(`Embedded AWS listening on ${running.url}`);
        lifecycle.addShutdownHook(() => running.close());
      },
    });
  },
});
