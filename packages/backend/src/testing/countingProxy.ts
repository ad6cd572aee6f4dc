import { createServer, request, Server } from 'node:http';

/** One AWS JSON-protocol request as it passed the proxy. */
export interface ProxiedCall {
  /** The `app/<id>` of the SDK's user agent (`AWS_SDK_UA_APP_ID`), so each backend process is told apart. */
  app?: string;
  /** The operation, from `X-Amz-Target` (`AWSStepFunctions.ListExecutions` gives `ListExecutions`). */
  operation: string;
  body: Record<string, unknown>;
}

/**
 * A pass-through HTTP proxy in front of the embedded AWS that records every JSON-protocol call, so a test counts
 * what the backends really sent, whichever process sent it.
 */
export async function startCountingProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const calls: ProxiedCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const amzTarget = req.headers['x-amz-target'];
      if (typeof amzTarget === 'string') {
        calls.push({
          app: /(?:^|\s)app\/([^\s]+)/.exec(
            String(req.headers['user-agent'] ?? ''),
          )?.[1],
          operation: amzTarget.split('.').pop()!,
          body: parseJson(raw),
        });
      }
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', error => {
        res.writeHead(502);
        res.end(String(error));
      });
      upstream.end(raw);
    });
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise(done => server.close(done)),
  };
}

function parseJson(raw: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return {};
  }
}
