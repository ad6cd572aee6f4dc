import { ResponseError } from '@backstage/errors';

/** The `ResponseError` the client throws for a refusal of the backend, e.g. 403 NotAllowedError. */
export function responseError(
  status: number,
  statusText: string,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText,
        headers: { 'content-type': 'application/json' },
      },
    ),
  );
}
