import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { StoredWaitingRun, WaitingRunStore } from './WaitingRunStore';

/** Topics whose name starts with this carry approval requests; one topic per mesh approvals queue. */
export const APPROVALS_TOPIC_PREFIX = 'agent-mesh-approvals';

/** Where `@backstage/plugin-events-backend-module-aws-sqs` reads the queues it publishes, by topic. */
const SQS_TOPICS_KEY =
  'events.modules.awsSqs.awsSqsConsumingEventPublisher.topics';

// The same constants as the conductor workflow's approval gate (infra-constructs `state-names.ts`).
const ORCHESTRATION_SOURCE = 'agent-mesh.orchestration';
const APPROVAL_REQUESTED = 'agent-mesh.approval.requested';
/** When a request names no lifetime, the workflow's default approval timeout. */
const DEFAULT_LIFETIME_SECONDS = 24 * 3600;

/**
 * The topics to subscribe to: every SQS topic configured for the events backend whose name starts with
 * {@link APPROVALS_TOPIC_PREFIX}, plus any listed in `agentMesh.approvals.topics`.
 */
export function approvalTopics(config: Config): string[] {
  const fromSqs =
    config
      .getOptionalConfig(SQS_TOPICS_KEY)
      ?.keys()
      .filter(topic => topic.startsWith(APPROVALS_TOPIC_PREFIX)) ?? [];
  const listed =
    config.getOptionalStringArray('agentMesh.approvals.topics') ?? [];
  return [...new Set([...fromSqs, ...listed])];
}

/**
 * Reads an approval request from an EventBridge event as the rule delivers it to the approvals queue, or says
 * why it is not one. The account comes from the event envelope, which EventBridge sets, not from the detail.
 */
export function parseApprovalRequest(
  payload: unknown,
  now: number,
): { run: StoredWaitingRun } | { ignored: string } {
  const event = payload as Record<string, any> | undefined;
  if (!event || typeof event !== 'object') return { ignored: 'not an object' };
  if (
    event.source !== ORCHESTRATION_SOURCE ||
    event['detail-type'] !== APPROVAL_REQUESTED
  ) {
    return {
      ignored: `not an approval request (source ${event.source}, detail-type ${event['detail-type']})`,
    };
  }
  const detail = event.detail ?? {};
  const strings = [
    'taskToken',
    'meshId',
    'agent',
    'executionId',
    'executionName',
  ];
  const missing = strings.filter(
    key => typeof detail[key] !== 'string' || !detail[key],
  );
  if (typeof event.account !== 'string') missing.push('account');
  if (missing.length) {
    return { ignored: `approval request without ${missing.join(', ')}` };
  }
  const requestedAt = Date.parse(event.time) || now;
  const lifetime = Number(detail.expiresInSeconds) || DEFAULT_LIFETIME_SECONDS;
  return {
    run: {
      mesh: { accountId: event.account, meshId: detail.meshId },
      executionName: detail.executionName,
      executionArn: detail.executionId,
      agent: detail.agent,
      lane: typeof detail.lane === 'string' ? detail.lane : undefined,
      verdict:
        typeof detail.review?.verdict === 'string'
          ? detail.review.verdict
          : undefined,
      taskToken: detail.taskToken,
      requestedAt,
      expiresAt: requestedAt + lifetime * 1000,
      status: 'waiting',
    },
  };
}

/**
 * Keeps every approval request published on the events service (by the SQS module, from the meshes' approvals
 * queues) in the plugin database, where every replica sees it. Logs name the run, never its token.
 */
export async function subscribeToApprovalRequests(deps: {
  events: EventsService;
  store: WaitingRunStore;
  logger: LoggerService;
  topics: string[];
}): Promise<void> {
  const { events, store, logger, topics } = deps;
  if (topics.length === 0) {
    logger.info(
      `No approvals queue configured (events topics starting with ${APPROVALS_TOPIC_PREFIX}); runs waiting at approval gates will not be listed`,
    );
    return;
  }
  await events.subscribe({
    id: 'agent-mesh-approval-requests',
    topics,
    onEvent: async (params: EventParams) => {
      const parsed = parseApprovalRequest(params.eventPayload, Date.now());
      if ('ignored' in parsed) {
        logger.warn(`Ignored a message on ${params.topic}: ${parsed.ignored}`);
        return;
      }
      const { run } = parsed;
      const added = await store.add(run);
      logger.info(
        `${
          added ? 'Run waits' : 'Run already known to wait'
        } at the approval gate: ${run.mesh.meshId}/${run.executionName}`,
      );
    },
  });
  logger.info(`Reading approval requests from topics ${topics.join(', ')}`);
}
