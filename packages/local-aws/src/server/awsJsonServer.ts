import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** One AWS JSON-protocol operation: the parsed request body in, the response body out. */
export type OperationHandler = (
  input: Record<string, unknown>,
) => Promise<unknown>;

/** Operations by their full `X-Amz-Target`, e.g. `AWSStepFunctions.ListExecutions`. */
export type OperationTable = Record<string, OperationHandler>;

/** An error that reaches the client in the AWS JSON error shape (`__type` and `message`). */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

export interface RunningServer {
  server: Server;
  /** The base URL to give an SDK client as its `endpoint`, e.g. `http://127.0.0.1:4599`. */
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback server speaking the AWS JSON 1.0/1.1 protocols (`POST /` with an `X-Amz-Target` header), which
 * the SDK v3 clients for Step Functions, CloudWatch, Cost Explorer, DynamoDB and EventBridge all use.
 * Signatures are not checked: it only listens on loopback and holds demo data.
 */
export async function startAwsJsonServer(options: {
  operations: OperationTable;
  host?: string;
  port?: number;
}): Promise<RunningServer> {
  const server = createServer((req, res) => {
    handle(options.operations, req, res).catch(error =>
      sendError(
        res,
        new AwsServiceError('InternalFailure', String(error), 500),
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
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}

async function handle(
  operations: OperationTable,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method === 'GET' && req.url === '/health') {
    sendJson(res, 200, {
      status: 'ok',
      operations: Object.keys(operations).length,
    });
    return;
  }
  const target = req.headers['x-amz-target'];
  if (req.method !== 'POST' || typeof target !== 'string') {
    sendError(
      res,
      new AwsServiceError(
        'UnknownOperationException',
        'Expected POST / with an X-Amz-Target header',
      ),
    );
    return;
  }
  const operation = operations[target];
  if (!operation) {
    sendError(
      res,
      new AwsServiceError(
        'UnknownOperationException',
        `${target} is not served by local-aws`,
      ),
    );
    return;
  }
  try {
    const input = await readJsonBody(req);
    sendJson(res, 200, (await operation(input)) ?? {});
  } catch (error) {
    if (error instanceof AwsServiceError) {
      sendError(res, error);
      return;
    }
    throw error;
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

function sendError(res: ServerResponse, error: AwsServiceError): void {
  sendJson(res, error.statusCode, {
    __type: error.code,
    message: error.message,
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify(body));
}
