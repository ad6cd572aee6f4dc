'use strict';

// Receives a provider's webhook on a Lambda function URL, checks its signature, and only then puts
// it on the mesh bus. The AWS SDK v3 clients come with the Lambda Node.js runtime.
const { verifyWebhook } = require('./signatures');

const PROVIDER = process.env.AGENT_MESH_PROVIDER;
const SECRET_ARN = process.env.AGENT_MESH_WEBHOOK_SECRET_ARN;
const EVENT_BUS = process.env.AGENT_MESH_EVENT_BUS;

let secretPromise;
let eventBridge;

function loadSecret() {
  if (!secretPromise) {
    // eslint-disable-next-line @backstage/no-undeclared-imports -- provided by the Lambda Node.js runtime
    const {
      SecretsManagerClient,
      GetSecretValueCommand,
    } = require('@aws-sdk/client-secrets-manager');
    secretPromise = new SecretsManagerClient({})
      .send(new GetSecretValueCommand({ SecretId: SECRET_ARN }))
      .then(result => result.SecretString || '')
      .catch(error => {
        secretPromise = undefined;
        throw error;
      });
  }
  return secretPromise;
}

function eventTypeOf(provider, payload) {
  if (provider === 'stripe' || provider === 'vercel') return payload.type;
  return payload.type || payload.table || 'event';
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
  const result = verifyWebhook(
    PROVIDER,
    rawBody,
    headers,
    await loadSecret(),
    Math.floor(Date.now() / 1000),
  );
  if (!result.ok) {
    console.warn(
      JSON.stringify({
        message: 'rejected webhook',
        provider: PROVIDER,
        reason: result.reason,
      }),
    );
    return { statusCode: 401, body: 'invalid signature' };
  }
  let payload;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return { statusCode: 400, body: 'body is not JSON' };
  }
  if (!eventBridge) {
    // eslint-disable-next-line @backstage/no-undeclared-imports -- provided by the Lambda Node.js runtime
    const { EventBridgeClient } = require('@aws-sdk/client-eventbridge');
    eventBridge = new EventBridgeClient({});
  }
  // eslint-disable-next-line @backstage/no-undeclared-imports -- provided by the Lambda Node.js runtime
  const { PutEventsCommand } = require('@aws-sdk/client-eventbridge');
  const output = await eventBridge.send(
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
  if (output.FailedEntryCount) {
    console.error(
      JSON.stringify({ message: 'PutEvents failed', entries: output.Entries }),
    );
    return { statusCode: 502, body: 'could not forward the event' };
  }
  return { statusCode: 202, body: 'accepted' };
};
