import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { AwsServiceError } from './awsServiceError';
import { FaultInjector } from './faultInjector';
import {
  DEFAULT_REGION,
  parseCredentialScope,
  RequestContext,
} from './requestContext';
import { SERVICES, serviceOfTarget } from './services';

export { AwsServiceError } from './awsServiceError';

/** One AWS JSON-protocol operation: the parsed request body in, the response body out. */
export type OperationHandler = (
  input: Record<string, unknown>,
  context: RequestContext,
) => Promise<unknown>;

/** Operations by their full `X-Amz-Target`, e.g. `AWSStepFunctions.ListExecutions`. */
export type OperationTable = Record<string, OperationHandler>;

/** The header every `/_local/` request carries the control token in. */
export const CONTROL_TOKEN_HEADER = 'x-agent-mesh-local-token';

/** The largest body a `/_local/` request may have; larger ones are answered 413. */
export const CONTROL_BODY_LIMIT_BYTES = 64 * 1024;

/** Plain JSON routes under `/_local/` (the control API): method, path and body in, status and body out. */
export type ControlHandler = (request: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}) => Promise<{ status: number; body: unknown }>;

export interface RunningServer {
  server: Server;
  /** The base URL to give an SDK client as its `endpoint`, e.g. `http://127.0.0.1:4599`. */
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback server speaking the AWS JSON 1.0/1.1 protocols (`POST /` with an `X-Amz-Target` header), which
 * the SDK v3 clients for Step Functions, CloudWatch, Cost Explorer, DynamoDB and EventBridge all use.
 * The region comes from the SigV4 credential scope; signatures are not checked: it only listens on
 * loopback and holds demo data.
 */
export async function startAwsJsonServer(options: {
  operations: OperationTable;
  host?: string;
  port?: number;
  faults?: FaultInjector;
  /** The control API under `/_local/`; needs `controlToken`. */
  control?: ControlHandler;
  /** The token every `/_local/` request must carry in the `x-agent-mesh-local-token` header. */
  controlToken?: string;
  /**
   * Origins (`scheme://host:port`) whose requests to `/_local/` are let through to the token check. Any other
   * request with an `Origin` header, which browsers send on cross-site requests, is refused with 403.
   * @defaultValue none
   */
  controlAllowedOrigins?: readonly string[];
}): Promise<RunningServer> {
  if (options.control && !options.controlToken) {
    throw new Error('The control API needs a controlToken');
  }
  const server = createServer((req, res) => {
    handle(options, req, res).catch(error =>
      sendError(
        res,
        'application/x-amz-json-1.0',
        new AwsServiceError('InternalFailure', String(error), 500),
        false,
      ),
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(
  options: {
    operations: OperationTable;
    faults?: FaultInjector;
    control?: ControlHandler;
    controlToken?: string;
    controlAllowedOrigins?: readonly string[];
  },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (req.method === 'GET' && url.pathname === '/health') {
    sendJson(res, 200, 'application/json', {
      status: 'ok',
      operations: Object.keys(options.operations).length,
    });
    return;
  }
  if (url.pathname.startsWith('/_local/') && options.control) {
    await handleControl(
      {
        control: options.control,
        token: options.controlToken!,
        allowedOrigins: options.controlAllowedOrigins ?? [],
      },
      req,
      res,
      url,
    );
    return;
  }
  const target = req.headers['x-amz-target'];
  const service =
    typeof target === 'string' ? serviceOfTarget(target) : undefined;
  const contentType = service
    ? SERVICES[service].contentType
    : 'application/x-amz-json-1.0';
  const queryCompatible = service ? SERVICES[service].queryCompatible : false;
  if (req.method !== 'POST' || typeof target !== 'string') {
    sendError(
      res,
      contentType,
      new AwsServiceError(
        'UnknownOperationException',
        'Expected POST / with an X-Amz-Target header',
      ),
      queryCompatible,
    );
    return;
  }
  const operation = options.operations[target];
  if (!operation) {
    sendError(
      res,
      contentType,
      new AwsServiceError(
        'UnknownOperationException',
        `${target} is not served by local-aws`,
      ),
      queryCompatible,
    );
    return;
  }
  const scope = parseCredentialScope(req.headers);
  const context: RequestContext = {
    region: scope?.region ?? DEFAULT_REGION,
    signingService: scope?.service,
    accessKeyId: scope?.accessKeyId,
    requestId: randomUUID(),
  };
  try {
    const input = await readJsonBody(req);
    if (service && options.faults) {
      const softFaults = await options.faults.apply(
        service,
        target.split('.')[1],
      );
      if (softFaults.size > 0) context.faults = softFaults;
    }
    const output = (await operation(input, context)) ?? {};
    sendJson(res, 200, contentType, output, context.requestId);
  } catch (error) {
    if (error instanceof AwsServiceError) {
      sendError(res, contentType, error, queryCompatible, context.requestId);
      return;
    }
    throw error;
  }
}

/** Equal tokens, compared in constant time (over digests, so the length does not show either). */
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A body over the limit: answered 413. */
class BodyTooLargeError extends Error {}

/**
 * The control API's guard, then its routes. In order: a request with an `Origin` that is not allowed (a web
 * page, cross-site) is refused with 403, and so is a CORS preflight from it, without any allow headers; a
 * request without the right token gets 401; a body over 64 KiB gets 413; a body that is not JSON gets 400.
 */
async function handleControl(
  guard: {
    control: ControlHandler;
    token: string;
    allowedOrigins: readonly string[];
  },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const origin = req.headers.origin;
  const allowedOrigin =
    origin !== undefined && guard.allowedOrigins.includes(origin)
      ? origin
      : undefined;
  if (origin !== undefined && !allowedOrigin) {
    refuse(res, 403, {
      error: `The control API does not answer requests with an Origin header (${origin.slice(
        0,
        100,
      )} is not in localAws.controlAllowedOrigins)`,
    });
    return;
  }
  const cors: Record<string, string> = allowedOrigin
    ? { 'access-control-allow-origin': allowedOrigin, vary: 'Origin' }
    : {};
  if (req.method === 'OPTIONS') {
    if (!allowedOrigin) {
      refuse(res, 403, {
        error: 'The control API answers no CORS preflight',
      });
      return;
    }
    res.writeHead(204, {
      ...cors,
      'access-control-allow-methods': 'GET, POST, DELETE',
      'access-control-allow-headers': `content-type, ${CONTROL_TOKEN_HEADER}`,
      'access-control-max-age': '600',
    });
    res.end();
    return;
  }
  const given = req.headers[CONTROL_TOKEN_HEADER];
  if (typeof given !== 'string' || !sameToken(given, guard.token)) {
    refuse(
      res,
      401,
      {
        error: `The control API needs the header ${CONTROL_TOKEN_HEADER} with the control token (localAws.controlToken)`,
      },
      cors,
    );
    return;
  }
  let body: unknown;
  try {
    body = await readJsonBody(req, CONTROL_BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      refuse(
        res,
        413,
        {
          error: `The body is larger than ${CONTROL_BODY_LIMIT_BYTES} bytes, the most the control API reads`,
        },
        cors,
      );
      return;
    }
    sendJson(
      res,
      400,
      'application/json',
      { error: 'The body is not JSON' },
      undefined,
      cors,
    );
    return;
  }
  try {
    const answer = await guard.control({
      method: req.method ?? 'GET',
      path: url.pathname.slice('/_local'.length),
      query: url.searchParams,
      body,
    });
    sendJson(
      res,
      answer.status,
      'application/json',
      answer.body,
      undefined,
      cors,
    );
  } catch (error) {
    // Bad input is a TypeError (the control routes' ControlInputError carries 400 or 409).
    const status =
      error instanceof TypeError
        ? (error as { status?: number }).status ?? 400
        : 500;
    sendJson(
      res,
      status,
      'application/json',
      { error: (error as Error).message },
      undefined,
      cors,
    );
  }
}

/**
 * Answers a refused control request without reading its body. The connection is closed afterwards, so an unread
 * body is never taken for the next request; what the client still sends is read and dropped.
 */
function refuse(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.shouldKeepAlive = false;
  sendJson(res, status, 'application/json', body, undefined, headers);
  res.req.resume();
}

/** The request body; rejects with {@link BodyTooLargeError} as soon as it passes `limitBytes`. */
function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limitBytes) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return; // The rest is read and dropped.
      size += chunk.length;
      if (size > limitBytes) {
        tooLarge = true;
        chunks.length = 0;
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks));
    });
    req.once('error', reject);
  });
}

async function readJsonBody(
  req: IncomingMessage,
  limitBytes = Infinity,
): Promise<Record<string, unknown>> {
  const text = (await readBody(req, limitBytes)).toString('utf8');
  if (!text) {
    return {};
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AwsServiceError(
      'SerializationException',
      'The request body is not valid JSON',
    );
  }
}

function sendError(
  res: ServerResponse,
  contentType: string,
  error: AwsServiceError,
  queryCompatible: boolean,
  requestId?: string,
): void {
  if (queryCompatible) {
    res.setHeader(
      'x-amzn-query-error',
      `${error.queryCode ?? error.code};${
        error.statusCode >= 500 ? 'Receiver' : 'Sender'
      }`,
    );
  }
  sendJson(
    res,
    error.statusCode,
    contentType,
    { __type: error.code, message: error.message, ...error.details },
    requestId,
  );
}

function sendJson(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: unknown,
  requestId?: string,
  extraHeaders: Record<string, string> = {},
): void {
  const headers: Record<string, string> = {
    ...extraHeaders,
    'content-type': contentType,
  };
  if (requestId) headers['x-amzn-requestid'] = requestId;
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}
