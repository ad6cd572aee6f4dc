import { IncomingHttpHeaders } from 'node:http';

/** What an operation knows about its caller, as AWS would. */
export interface RequestContext {
  /** The region from the SigV4 credential scope, e.g. `eu-west-1`; `us-east-1` when the request is unsigned. */
  region: string;
  /** The signing service name from the credential scope, e.g. `states`, when signed. */
  signingService?: string;
  /** The access key id from the credential scope, when signed. */
  accessKeyId?: string;
  requestId: string;
  /**
   * Injected faults that do not fail the call but change its answer, e.g. `unprocessed` (BatchGetItem leaves
   * keys unprocessed, as DynamoDB does under throttling).
   */
  faults?: ReadonlySet<string>;
}

export const DEFAULT_REGION = 'us-east-1';

/**
 * Reads the credential scope of a SigV4 `Authorization` header:
 * `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=...`.
 * Signatures are not verified: the server listens on loopback and holds demo data only.
 */
export function parseCredentialScope(
  headers: IncomingHttpHeaders,
): { accessKeyId: string; region: string; service: string } | undefined {
  const authorization = headers.authorization;
  if (typeof authorization !== 'string') return undefined;
  const match =
    /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(
      authorization,
    );
  if (!match) return undefined;
  return { accessKeyId: match[1], region: match[2], service: match[3] };
}
