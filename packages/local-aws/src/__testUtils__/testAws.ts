import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { resolve } from 'node:path';
import { LocalAwsOptions, RunningLocalAws, startLocalAws } from '../localAws';
import { readDemoMeshes } from '../world/demoCatalog';

/** A fixed "now" for tests: Monday 24 November 2025, noon UTC. */
export const TEST_NOW = Date.parse('2025-11-24T12:00:00Z');

/** The repository's demo catalog, the same file the local app's catalog reads. */
export const CATALOG_FILE = resolve(
  __dirname,
  '../../../../catalog/demo-meshes.yaml',
);

export function demoMeshes() {
  return readDemoMeshes(CATALOG_FILE);
}

/** Starts the embedded AWS on a free port with a fixed clock, no live runs and a short history. */
export function startTestAws(
  options: LocalAwsOptions = {},
): Promise<RunningLocalAws> {
  return startLocalAws({
    port: 0,
    seed: 'test',
    now: TEST_NOW,
    meshes: demoMeshes(),
    historyDays: 14,
    liveRuns: false,
    ...options,
  });
}

/** Real SDK v3 clients pointed at the running server, signing for `region`, without retries. */
export function clientsFor(running: { url: string }, region: string) {
  const config = {
    endpoint: running.url,
    region,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
  };
  return {
    sfn: new SFNClient(config),
    cloudWatch: new CloudWatchClient(config),
    costExplorer: new CostExplorerClient(config),
    dynamoDb: new DynamoDBClient(config),
    eventBridge: new EventBridgeClient(config),
    sqs: new SQSClient(config),
  };
}

/** An S3 client as the backend builds it for the artifacts bucket: path-style, at the s3rver endpoint. */
export function s3ClientFor(running: { s3Url: string }, region: string) {
  return new S3Client({
    endpoint: running.s3Url,
    forcePathStyle: true,
    region,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
  });
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise(r => setTimeout(r, 10));
  }
}

/** A request to the control API (`/_local<path>`) with the running server's token, as the local backend sends it. */
export function controlFetch(
  running: { url: string; controlToken: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${running.url}/_local${path}`, {
    method,
    headers: { 'x-agent-mesh-local-token': running.controlToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
