import {
  APPROVAL_REQUESTED_DETAIL_TYPE,
  ORCHESTRATION_EVENT_SOURCE,
} from '@agent-mesh/infra-constructs';
import { EventStore } from '../stores/eventStore';
import { QueueStore } from '../stores/queueStore';
import { MeshModel } from './meshModel';

/** The SenderId of messages EventBridge delivers (it sends as its own service principal). */
export const EVENTBRIDGE_SENDER_ID = 'AIDAEVENTBRIDGELOCAL';

const DAY_SECONDS = 86_400;
/** A message is moved to the dead-letter queue after this many receives without a delete, as in the stack. */
export const APPROVAL_MAX_RECEIVE_COUNT = 5;

/**
 * The approvals path of a mesh with the approval gate, as infra-constructs' `approvalRequestQueue` builds it:
 * the queue `agent-mesh-<id>-approvals` (kept as long as a token can be answered, 4 to 14 days) with its
 * dead-letter queue, and the rule `agent-mesh-<id>-approval-requests` on the mesh bus that sends every
 * `agent-mesh.approval.requested` event of the orchestration to it, the whole event as the message body (an
 * SQS target without input transformation). The portal reads that queue through the events backend's SQS
 * module.
 */
export function routeApprovalRequests(
  model: MeshModel,
  stores: { events: EventStore; queues: QueueStore },
  options: { createdMs: number; approvalTimeoutSeconds: number },
): void {
  const { region, account, meshId } = model.spec;
  const base = { region, account, meshId, createdMs: options.createdMs };
  const deadLetterQueue = stores.queues.create({
    ...base,
    name: `${model.names.approvalQueue}-dlq`,
    retentionSeconds: 14 * DAY_SECONDS,
  });
  const queue = stores.queues.create({
    ...base,
    name: model.names.approvalQueue,
    retentionSeconds: Math.min(
      14 * DAY_SECONDS,
      Math.max(4 * DAY_SECONDS, options.approvalTimeoutSeconds),
    ),
    redrive: { deadLetterQueue, maxReceiveCount: APPROVAL_MAX_RECEIVE_COUNT },
  });
  stores.events.addRule({
    name: `${model.names.prefix}-approval-requests`,
    region,
    bus: model.names.eventBus,
    pattern: {
      source: [ORCHESTRATION_EVENT_SOURCE],
      detailType: [APPROVAL_REQUESTED_DETAIL_TYPE],
    },
    target: event =>
      stores.queues.send(queue, {
        body: JSON.stringify(event),
        senderId: EVENTBRIDGE_SENDER_ID,
      }),
  });
}
