/**
 * An error that reaches the client in the AWS JSON error shape (`__type` and `message`); for a
 * query-compatible service (CloudWatch) the code also goes into the `x-amzn-query-error` header.
 */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    /** The Query-protocol code of a query-compatible service's error, when it differs from `code`. */
    readonly queryCode?: string,
  ) {
    super(message);
    this.name = code;
  }

  /** More members of the error body, e.g. `Item` of a DynamoDB conditional check failure. */
  details: Record<string, unknown> = {};
}

/** The error AWS answers for a request whose parameters break the API's rules. */
export function validationError(message: string): AwsServiceError {
  return new AwsServiceError('ValidationException', message);
}
