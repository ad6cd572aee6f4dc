import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AddressInfo } from 'node:net';
import {
  awsCallRecorderServiceRef,
  InMemoryAwsCallRecorder,
} from '../aws/awsCallRecorder';
import { agentMeshPlugin } from '../plugin';
import { refreshTrigger } from './refreshTrigger';

/**
 * The real plugin in a test backend pointed at local-aws: SQLite, every permission allowed, a catalog holding
 * `entities`, the refresh task run only when the test triggers it, and every AWS request counted.
 */
export async function startLocalAwsBackend(options: {
  /** The root config, with the endpoints of local-aws. */
  config: object;
  entities: Entity[];
  /** More features, e.g. other plugins the test talks to. */
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const recorder = new InMemoryAwsCallRecorder();
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
      createServiceFactory({
        service: awsCallRecorderServiceRef,
        deps: {},
        factory: () => recorder,
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return {
    backend,
    recorder,
    trigger,
    /** The plugin's base URL, on the loopback address. */
    baseUrl: `http://127.0.0.1:${port}/api/agent-mesh`,
  };
}
