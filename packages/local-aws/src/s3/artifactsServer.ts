import { mkdtemp, rm } from 'node:fs/promises';
import { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import Accounts from 's3rver/lib/models/account';
import { parseCredentialScope } from '../server/requestContext';

/** The artifacts buckets' S3, served by s3rver on its own loopback port (S3 speaks REST-XML, not JSON). */
export interface ArtifactsServer {
  /** The endpoint to give an S3 client (with `forcePathStyle: true`), e.g. `http://127.0.0.1:4598`. */
  url: string;
  createBucket(name: string): Promise<void>;
  putObject(
    bucket: string,
    key: string,
    body: string,
    contentType: string,
  ): Promise<void>;
  /** Deletes every bucket and object (the world was reset). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/**
 * s3rver knows one access key (`S3RVER`) and refuses others, while the other services take any key: each
 * caller's key is registered as its request arrives. s3rver does not check V4 signatures, so the secret
 * does not matter.
 */
function acceptAnyAccessKey(req: IncomingMessage): void {
  const scope = parseCredentialScope(req.headers);
  if (scope && !Accounts.registry.has(scope.accessKeyId))
    Accounts.DUMMY_ACCOUNT.createKeyPair(scope.accessKeyId, 'local-aws');
}

/** Starts s3rver on `host:port` (0 picks a free port) over a temporary directory, removed on close. */
export async function startArtifactsServer(options: {
  host?: string;
  port?: number;
}): Promise<ArtifactsServer> {
  const host = options.host ?? '127.0.0.1';
  const directory = await mkdtemp(join(tmpdir(), 'local-aws-s3-'));
  const s3rver = new S3rver({
    address: host,
    port: options.port ?? 0,
    directory,
    silent: true,
    // Path-style only, as the backend asks (forcePathStyle): otherwise s3rver reads a host name as a bucket.
    vhostBuckets: false,
  });
  let address: { port: number };
  try {
    address = await s3rver.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  s3rver.httpServer!.prependListener('request', acceptAnyAccessKey);
  // One request per connection: a kept-alive socket that s3rver closes while idle resets the next request sent
  // on it (ECONNRESET) under load. Loopback connections are cheap.
  s3rver.httpServer!.prependListener('request', (_req, res) =>
    res.setHeader('connection', 'close'),
  );
  const url = `http://${host}:${address.port}`;
  const put = async (path: string, body?: string, contentType?: string) => {
    const response = await fetch(`${url}${path}`, {
      method: 'PUT',
      body,
      headers: {
        // Marks the anonymous call as an S3 API request (not a website one) for s3rver.
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        ...(contentType ? { 'content-type': contentType } : {}),
      },
    });
    if (!response.ok)
      throw new Error(`s3rver answered ${response.status} to PUT ${path}`);
  };
  return {
    url,
    createBucket: name => put(`/${encodeURIComponent(name)}`),
    putObject: (bucket, key, body, contentType) =>
      put(
        `/${encodeURIComponent(bucket)}/${key
          .split('/')
          .map(encodeURIComponent)
          .join('/')}`,
        body,
        contentType,
      ),
    clear: async () => s3rver.reset(),
    close: async () => {
      s3rver.httpServer?.closeAllConnections();
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
