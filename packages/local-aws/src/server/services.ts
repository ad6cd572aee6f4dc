/**
 * The AWS services the embedded default serves, by their signing name, with what their wire protocol needs.
 */
export const SERVICES = {
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
} as const;

/** A served service's signing name: `states`, `monitoring`, `ce`, `dynamodb` or `events`. */
export type ServiceName = keyof typeof SERVICES;

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
