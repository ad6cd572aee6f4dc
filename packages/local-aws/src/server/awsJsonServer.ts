import { randomUUID } from 'node:crypto';
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
  control?: ControlHandler;
}): Promise<RunningServer> {
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
    await handleControl(options.control, req, res, url);
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

async function handleControl(
  control: ControlHandler,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch {
    sendJson(res, 400, 'application/json', { error: 'The body is not JSON' });
    return;
  }
  try {
    const answer = await control({
      method: req.method ?? 'GET',
      path: url.pathname.slice('/_local'.length),
      query: url.searchParams,
      body,
    });
    sendJson(res, answer.status, 'application/json', answer.body);
  } catch (error) {
    const status = error instanceof TypeError ? 400 : 500;
    sendJson(res, status, 'application/json', {
      error: (error as Error).message,
    });
  }
}

async function readJsonBody(
  req: IncomingMessage,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
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
): void {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (requestId) headers['x-amzn-requestid'] = requestId;
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}
