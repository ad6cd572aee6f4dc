import { MeshStack } from '@agent-mesh/infra-constructs';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * Adds an unencrypted queue without a dead-letter queue to the stack: a real unacknowledged cdk-nag error
 * (AwsSolutions-SQS3). The synthesis worker loads this module by path (`extendStackModule`).
 */
export function extendStack(stack: MeshStack): void {
  stack.node.addMetadata(
    'naked-queue',
    new sqs.Queue(stack, 'NakedQueue', {
      encryption: sqs.QueueEncryption.UNENCRYPTED,
    }).queueName,
  );
}
