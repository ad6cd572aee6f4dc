/** What the server needs to know of one service's wire protocol. */
export interface ServiceWire {
  /** The `X-Amz-Target` prefix, e.g. `AWSStepFunctions`. */
  targetPrefix: string;
  contentType: 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';
  /** A service that moved from the Query protocol: its errors also carry the Query code in `x-amzn-query-error`. */
  queryCompatible: boolean;
  /** The `__type` of the service's throttling and access-denied errors. */
  throttleCode: string;
  denyCode: string;
  /** The Query codes of those errors, when they differ from `__type` (the SDK names the error after them). */
  throttleQueryCode?: string;
  denyQueryCode?: string;
  /** The HTTP status of those errors; 400 when absent. */
  throttleStatus?: number;
  denyStatus?: number;
}

/** The signing names of the served services. */
export type ServiceName =
  | 'states'
  | 'monitoring'
  | 'ce'
  | 'dynamodb'
  | 'events'
  | 'sqs';

/**
 * The AWS services the embedded default serves, by their signing name, with what their wire protocol needs.
 * (S3 is served apart, by s3rver: it speaks REST-XML.)
 */
export const SERVICES: Record<ServiceName, ServiceWire> = {
  states: {
    targetPrefix: 'AWSStepFunctions',
    contentType: 'application/x-amz-json-1.0',
    queryCompatible: false,
    throttleCode: 'ThrottlingException',
    denyCode: 'AccessDeniedException',
  },
  monitoring: {
    targetPrefix: 'GraniteServiceVersion20100801',
    contentType: 'application/x-amz-json-1.0',
    // CloudWatch moved from the Query protocol to JSON 1.0 and keeps its Query error codes: the SDK reads them
    // from the `x-amzn-query-error: <Code>;<Sender|Receiver>` header.
    queryCompatible: true,
    throttleCode: 'Throttling',
    denyCode: 'AccessDenied',
  },
  ce: {
    targetPrefix: 'AWSInsightsIndexService',
    contentType: 'application/x-amz-json-1.1',
    queryCompatible: false,
    // Cost Explorer answers a request-rate excess with LimitExceededException.
    throttleCode: 'LimitExceededException',
    denyCode: 'AccessDeniedException',
  },
  dynamodb: {
    targetPrefix: 'DynamoDB_20120810',
    contentType: 'application/x-amz-json-1.0',
    queryCompatible: false,
    throttleCode: 'ThrottlingException',
    denyCode: 'AccessDeniedException',
  },
  events: {
    targetPrefix: 'AWSEvents',
    contentType: 'application/x-amz-json-1.1',
    queryCompatible: false,
    throttleCode: 'ThrottlingException',
    denyCode: 'AccessDeniedException',
  },
  sqs: {
    targetPrefix: 'AmazonSQS',
    contentType: 'application/x-amz-json-1.0',
    // SQS moved from the Query protocol to JSON 1.0 like CloudWatch; the SDK finds the modeled error class by
    // the Query code of `x-amzn-query-error` (e.g. `AWS.SimpleQueueService.NonExistentQueue` → QueueDoesNotExist).
    queryCompatible: true,
    throttleCode: 'com.amazonaws.sqs#RequestThrottled',
    throttleQueryCode: 'RequestThrottled',
    throttleStatus: 403,
    denyCode: 'com.amazon.coral.service#AccessDeniedException',
    denyQueryCode: 'AccessDenied',
    denyStatus: 403,
  },
};

export function isServiceName(value: unknown): value is ServiceName {
  return typeof value === 'string' && value in SERVICES;
}

/** The service a `X-Amz-Target` belongs to, e.g. `AWSStepFunctions.ListExecutions` → `states`. */
export function serviceOfTarget(target: string): ServiceName | undefined {
  const prefix = target.split('.')[0];
  return (Object.keys(SERVICES) as ServiceName[]).find(
    name => SERVICES[name].targetPrefix === prefix,
  );
}
