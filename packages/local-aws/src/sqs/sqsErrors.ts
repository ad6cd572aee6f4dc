import { AwsServiceError } from '../server/awsServiceError';

/**
 * SQS errors as its JSON protocol sends them: the modeled shape in `__type`, and the Query code (which the SDK
 * and botocore name the error after, being query-compatible) in `x-amzn-query-error`.
 */
function sqsError(
  shape: string,
  queryCode: string,
  message: string,
  status = 400,
): AwsServiceError {
  return new AwsServiceError(
    `com.amazonaws.sqs#${shape}`,
    message,
    status,
    queryCode,
  );
}

export const queueDoesNotExist = () =>
  sqsError(
    'QueueDoesNotExist',
    'AWS.SimpleQueueService.NonExistentQueue',
    'The specified queue does not exist.',
  );

export const invalidAddress = (url: string) =>
  sqsError(
    'InvalidAddress',
    'InvalidAddress',
    `The address ${url} is not valid for this endpoint.`,
    404,
  );

export const invalidParameterValue = (message: string) =>
  sqsError('InvalidParameterValue', 'InvalidParameterValue', message);

export const missingParameter = (name: string) =>
  sqsError(
    'MissingParameter',
    'MissingParameter',
    `The request must contain the parameter ${name}.`,
  );

export const invalidAttributeName = (name: string) =>
  sqsError(
    'InvalidAttributeName',
    'InvalidAttributeName',
    `Unknown Attribute ${name}.`,
  );

export const invalidMessageContents = () =>
  sqsError(
    'InvalidMessageContents',
    'InvalidMessageContents',
    'Invalid binary character in the message body. Allowed: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
  );

export const receiptHandleIsInvalid = (handle: string) =>
  sqsError(
    'ReceiptHandleIsInvalid',
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    404,
  );

export const messageNotInflight = () =>
  sqsError(
    'MessageNotInflight',
    'AWS.SimpleQueueService.MessageNotInflight',
    'Message does not exist or is not available for visibility timeout change.',
  );

export const purgeQueueInProgress = (name: string) =>
  sqsError(
    'PurgeQueueInProgress',
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
    403,
  );

export const emptyBatchRequest = (entry: string) =>
  sqsError(
    'EmptyBatchRequest',
    'AWS.SimpleQueueService.EmptyBatchRequest',
    `There should be at least one ${entry} in the request.`,
  );

export const tooManyEntriesInBatchRequest = (count: number) =>
  sqsError(
    'TooManyEntriesInBatchRequest',
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
  );

export const batchEntryIdsNotDistinct = (id: string) =>
  sqsError(
    'BatchEntryIdsNotDistinct',
    'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    `Id ${id} repeated.`,
  );

export const invalidBatchEntryId = () =>
  sqsError(
    'InvalidBatchEntryId',
    'AWS.SimpleQueueService.InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );

export const batchRequestTooLong = (max: number) =>
  sqsError(
    'BatchRequestTooLong',
    'AWS.SimpleQueueService.BatchRequestTooLong',
    `Batch requests cannot be longer than ${max} bytes.`,
  );
