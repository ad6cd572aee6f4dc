import { meshResourceNames } from '@agent-mesh/mesh-model';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  APPROVAL_REQUESTED_DETAIL_TYPE,
  ORCHESTRATION_EVENT_SOURCE,
} from './state-names';

/** SQS keeps a message at most 14 days. */
const MAX_RETENTION = Duration.days(14);
/** Long enough for the portal to be down over a weekend and still see every request. */
const MIN_RETENTION = Duration.days(4);

/**
 * The way approval requests reach the portal: a rule on the mesh bus matching the orchestration's
 * approval-requested events, delivering each whole event (the portal needs `detail.taskToken`,
 * `detail.executionId`, ...) to an encrypted, TLS-only queue that Backstage's AWS SQS events module reads.
 * Only the rule may send to the queue: the SQS target grants EventBridge with an `aws:SourceArn` condition.
 */
export function approvalRequestQueue(
  scope: Construct,
  options: {
    meshId: string;
    eventBus: events.IEventBus;
    approvalTimeout: Duration;
  },
): { queue: sqs.Queue; deadLetterQueue: sqs.Queue; rule: events.Rule } {
  const names = meshResourceNames(options.meshId);
  // A request is worth reading for as long as its task token can still be answered, and for a few days at least.
  const retentionPeriod = Duration.seconds(
    Math.min(
      MAX_RETENTION.toSeconds(),
      Math.max(MIN_RETENTION.toSeconds(), options.approvalTimeout.toSeconds()),
    ),
  );
  const deadLetterQueue = new sqs.Queue(scope, 'ApprovalDeadLetterQueue', {
    queueName: `${names.approvalQueue}-dlq`,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: MAX_RETENTION,
  });
  const queue = new sqs.Queue(scope, 'ApprovalQueue', {
    queueName: names.approvalQueue,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 },
  });
  const rule = new events.Rule(scope, 'ApprovalRequestsRule', {
    ruleName: `${names.prefix}-approval-requests`,
    description:
      'Delivers approval requests (with their task tokens) to the portal queue',
    eventBus: options.eventBus,
    eventPattern: {
      source: [ORCHESTRATION_EVENT_SOURCE],
      detailType: [APPROVAL_REQUESTED_DETAIL_TYPE],
    },
    targets: [
      new targets.SqsQueue(queue, {
        deadLetterQueue,
        retryAttempts: 3,
      }),
    ],
  });
  return { queue, deadLetterQueue, rule };
}
