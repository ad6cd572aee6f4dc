import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AddressInfo } from 'node:net';
import { agentMeshPlugin } from '../plugin';
import { RecordingMetrics } from './recordingMetrics';
import { refreshTrigger } from './refreshTrigger';

/**
 * The real plugin in a test backend pointed at local-aws: SQLite, every permission allowed, a catalog holding
 * `entities`, the refresh task run only when the test triggers it, and the plugin's metrics (every AWS request
 * counted, refresh durations, errors, snapshot age) kept in memory in `metrics`.
 */
export async function startLocalAwsBackend(options: {
  /** The root config, with the endpoints of local-aws. */
  config: object;
  entities: Entity[];
  /** More features, e.g. other plugins the test talks to. */
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const metrics = new RecordingMetrics();
  const trigger = refreshTrigger();
  const backend = await startTestBackend({
    features: [
      agentMeshPlugin,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({ data: options.config }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      trigger.module,
      metrics.factory(),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return {
    backend,
    metrics,
    trigger,
    /** The plugin's base URL, on the loopback address. */
    baseUrl: `http://127.0.0.1:${port}/api/agent-mesh`,
  };
}
