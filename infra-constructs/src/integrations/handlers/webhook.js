'use strict';

// Receives a provider's webhook on a Lambda function URL, checks its signature, refuses an event whose own
// timestamp is older than the replay window, drops a delivery it has already accepted (a conditional write of the
// event's key to the de-duplication table, which expires it after the replay window), and only then puts it on
// the mesh bus. The AWS SDK v3 clients come with the Lambda Node.js runtime.
const { checkEventAge, eventKeyOf, verifyWebhook } = require('./signatures');

const PROVIDER = process.env.AGENT_MESH_PROVIDER;
const SECRET_ARN = process.env.AGENT_MESH_WEBHOOK_SECRET_ARN;
const EVENT_BUS = process.env.AGENT_MESH_EVENT_BUS;
const EVENTS_TABLE = process.env.AGENT_MESH_WEBHOOK_EVENTS_TABLE;
const REPLAY_WINDOW_SECONDS = Number(
  process.env.AGENT_MESH_WEBHOOK_REPLAY_WINDOW_SECONDS || 7 * 24 * 3600,
);
// How long a read secret is used before it is read again, so a rolled secret is picked up without a cold start.
const SECRET_TTL_MS =
  Number(process.env.AGENT_MESH_WEBHOOK_SECRET_TTL_SECONDS || 300) * 1000;
// A signature mismatch re-reads the secret (it may just have been rolled), at most this often.
const SECRET_REFRESH_MIN_INTERVAL_MS = 5000;

let secretCache; // { promise, readAt }
let eventBridge;
let dynamoDb;

function runtimeModule(name) {
  // eslint-disable-next-line @backstage/no-undeclared-imports -- provided by the Lambda Node.js runtime
  return require(name);
}

function readSecret() {
  const { SecretsManagerClient, GetSecretValueCommand } = runtimeModule(
    '@aws-sdk/client-secrets-manager',
  );
  const entry = { readAt: Date.now() };
  entry.promise = new SecretsManagerClient({})
    .send(new GetSecretValueCommand({ SecretId: SECRET_ARN }))
    .then(result => result.SecretString || '')
    .catch(error => {
      if (secretCache === entry) secretCache = undefined;
      throw error;
    });
  secretCache = entry;
  return entry;
}

/** The secret, read again once it is older than the TTL; `fresh` says whether this call read it. */
async function loadSecret() {
  if (secretCache && Date.now() - secretCache.readAt < SECRET_TTL_MS) {
    return { secret: await secretCache.promise, entry: secretCache };
  }
  const entry = readSecret();
  return { secret: await entry.promise, entry };
}

function eventTypeOf(provider, payload) {
  if (provider === 'stripe' || provider === 'vercel') return payload.type;
  return payload.type || payload.table || 'event';
}

function dynamo() {
  if (!dynamoDb) {
    const { DynamoDBClient } = runtimeModule('@aws-sdk/client-dynamodb');
    dynamoDb = new DynamoDBClient({});
  }
  return dynamoDb;
}

/** Records the event key unless it is there already; false for a delivery seen before. */
async function claimEvent(eventKey, nowSeconds) {
  const { PutItemCommand } = runtimeModule('@aws-sdk/client-dynamodb');
  try {
    await dynamo().send(
      new PutItemCommand({
        TableName: EVENTS_TABLE,
        Item: {
          eventKey: { S: eventKey },
          receivedAt: { N: String(nowSeconds) },
          expiresAt: { N: String(nowSeconds + REPLAY_WINDOW_SECONDS) },
        },
        ConditionExpression: 'attribute_not_exists(eventKey)',
      }),
    );
    return true;
  } catch (error) {
    if (error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Forgets a claimed key when the event could not be forwarded, so the provider's retry gets through. */
async function releaseEvent(eventKey) {
  const { DeleteItemCommand } = runtimeModule('@aws-sdk/client-dynamodb');
  await dynamo()
    .send(
      new DeleteItemCommand({
        TableName: EVENTS_TABLE,
        Key: { eventKey: { S: eventKey } },
      }),
    )
    .catch(error =>
      console.error(
        JSON.stringify({
          message: 'could not release event',
          eventKey,
          error: String(error),
        }),
      ),
    );
}

function log(level, fields) {
  console[level](JSON.stringify({ provider: PROVIDER, ...fields }));
}

exports.handler = async event => {
  const headers = Object.fromEntries(
    Object.entries(event.headers || {}).map(([name, value]) => [
      name.toLowerCase(),
      value,
    ]),
  );
  const rawBody = event.isBase64Encoded
    ? Buffer.from(event.body || '', 'base64').toString('utf8')
    : event.body || '';
  const nowSeconds = Math.floor(Date.now() / 1000);
  const { secret, entry } = await loadSecret();
  let result = verifyWebhook(PROVIDER, rawBody, headers, secret, nowSeconds);
  if (
    !result.ok &&
    result.reason === 'signature mismatch' &&
    Date.now() - entry.readAt >= SECRET_REFRESH_MIN_INTERVAL_MS
  ) {
    // The secret may have been rolled since it was read: read it once more and check again.
    const again = readSecret();
    result = verifyWebhook(
      PROVIDER,
      rawBody,
      headers,
      await again.promise,
      nowSeconds,
    );
  }
  if (!result.ok) {
    log('warn', { message: 'rejected webhook', reason: result.reason });
    return { statusCode: 401, body: 'invalid signature' };
  }
  let payload;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return { statusCode: 400, body: 'body is not JSON' };
  }
  // After the replay window its key has left the de-duplication table: the event's own age refuses the replay.
  const age = checkEventAge(
    PROVIDER,
    payload,
    nowSeconds,
    REPLAY_WINDOW_SECONDS,
  );
  if (!age.ok) {
    log('warn', { message: 'refused webhook', reason: age.reason });
    return { statusCode: 401, body: 'stale event' };
  }
  const eventKey = eventKeyOf(PROVIDER, rawBody, headers, payload);
  if (!(await claimEvent(eventKey, nowSeconds))) {
    // A replay, or the provider's retry of a delivery already on the bus: acknowledge it and forward nothing.
    log('info', { message: 'duplicate webhook', eventKey });
    return { statusCode: 200, body: 'duplicate' };
  }
  if (!eventBridge) {
    const { EventBridgeClient } = runtimeModule('@aws-sdk/client-eventbridge');
    eventBridge = new EventBridgeClient({});
  }
  const { PutEventsCommand } = runtimeModule('@aws-sdk/client-eventbridge');
  let output;
  try {
    output = await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: EVENT_BUS,
            Source: `agent-mesh.integrations.${PROVIDER}`,
            DetailType: `agent-mesh.webhook.${PROVIDER}`,
            Detail: JSON.stringify({
              provider: PROVIDER,
              eventType: eventTypeOf(PROVIDER, payload),
              payload,
            }),
          },
        ],
      }),
    );
  } catch (error) {
    output = { FailedEntryCount: 1, error: String(error) };
  }
  if (output.FailedEntryCount) {
    log('error', {
      message: 'PutEvents failed',
      entries: output.Entries,
      error: output.error,
    });
    await releaseEvent(eventKey);
    return { statusCode: 502, body: 'could not forward the event' };
  }
  return { statusCode: 202, body: 'accepted' };
};
