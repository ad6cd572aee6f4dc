import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  Lane,
  PORTAL_EVENT_SOURCE,
  PortalEventDetailType,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
  AwsTarget,
} from './awsClientFactory';

/**
 * The detail of every event the portal puts on a mesh's bus.
 *
 * @public
 */
export interface PortalEventDetail {
  meshId: string;
  agent: string;
  from?: Lane;
  to?: Lane;
  version?: number;
  actor: string;
  reason?: string;
  requestId?: string;
  executionName?: string;
}

/** @public */
export interface PortalEvent {
  detailType: PortalEventDetailType;
  detail: PortalEventDetail;
  time: Date;
}

/**
 * Puts the portal's change events on a mesh's EventBridge bus (`source: agent-mesh.portal`).
 *
 * @public
 */
export interface EventBusService {
  /** One PutEvents; throws when EventBridge refused the entry (`FailedEntryCount`), naming its error code. */
  publish(
    target: AwsTarget,
    busName: string,
    event: PortalEvent,
  ): Promise<void>;
}

/** @public */
export class DefaultEventBusService implements EventBusService {
  static fromConfig(deps: { clients: AwsClientFactory }) {
    return new DefaultEventBusService(deps.clients);
  }

  private constructor(private readonly clients: AwsClientFactory) {}

  async publish(target: AwsTarget, busName: string, event: PortalEvent) {
    const client = await this.clients.eventBridge(target);
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: busName,
            Source: PORTAL_EVENT_SOURCE,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
            Time: event.time,
          },
        ],
      }),
    );
    if (out.FailedEntryCount) {
      const entry = out.Entries?.find(e => e.ErrorCode);
      const error = new Error(
        `EventBridge refused the ${event.detailType} event on bus ${busName}: ${
          entry?.ErrorMessage ?? 'no reason given'
        }`,
      );
      error.name = entry?.ErrorCode ?? 'PutEventsFailed';
      throw error;
    }
  }
}

/**
 * Publishes portal events; replace it to send them elsewhere.
 *
 * @public
 */
export const eventBusServiceRef = createServiceRef<EventBusService>({
  id: 'agent-mesh.event-bus',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef },
      factory: ({ clients }) => DefaultEventBusService.fromConfig({ clients }),
    }),
});
