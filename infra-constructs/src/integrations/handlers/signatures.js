'use strict';

// Signature checks of the providers' webhooks. Plain Node.js with node:crypto only, so the Lambda
// asset needs no install step and the same file is unit-tested.
const crypto = require('node:crypto');

const DEFAULT_TOLERANCE_SECONDS = 300;

function safeEqual(a, b) {
  const left = Buffer.from(String(a));
  const right = Buffer.from(String(b));
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function fail(reason) {
  return { ok: false, reason };
}

/**
 * Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with
 * the endpoint secret as given (`whsec_...`). Several v1 entries may be present during secret rolls.
 */
function verifyStripe(
  rawBody,
  header,
  secret,
  nowSeconds,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
) {
  if (!header) return fail('missing Stripe-Signature header');
  const pairs = String(header)
    .split(',')
    .map(part => part.trim())
    .map(part => [
      part.slice(0, part.indexOf('=')),
      part.slice(part.indexOf('=') + 1),
    ]);
  const timestamp = (pairs.find(([key]) => key === 't') || [])[1];
  const signatures = pairs
    .filter(([key]) => key === 'v1')
    .map(([, value]) => value);
  if (!timestamp || !/^\d+$/.test(timestamp) || signatures.length === 0) {
    return fail('malformed Stripe-Signature header');
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    return fail('timestamp outside the tolerance');
  }
  const expected = crypto
    .createHmac('sha256', secret)
    .update(`${timestamp}.${rawBody}`, 'utf8')
    .digest('hex');
  return signatures.some(signature => safeEqual(signature, expected))
    ? { ok: true }
    : fail('signature mismatch');
}

/**
 * Supabase auth hooks follow the Standard Webhooks spec: headers `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` (space-separated `v1,<base64>` entries); the
 * signed content is `<id>.<timestamp>.<raw body>`; the key is the base64 part of `v1,whsec_<base64>`.
 */
function verifySupabase(
  rawBody,
  headers,
  secret,
  nowSeconds,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatureHeader = headers['webhook-signature'];
  if (!id || !timestamp || !signatureHeader)
    return fail(
      'missing webhook-id, webhook-timestamp or webhook-signature header',
    );
  if (!/^\d+$/.test(timestamp))
    return fail('malformed webhook-timestamp header');
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds)
    return fail('timestamp outside the tolerance');
  const key = Buffer.from(
    String(secret)
      .replace(/^v1,/, '')
      .replace(/^whsec_/, ''),
    'base64',
  );
  if (key.length === 0) return fail('the configured secret is empty');
  const expected = crypto
    .createHmac('sha256', key)
    .update(`${id}.${timestamp}.${rawBody}`, 'utf8')
    .digest('base64');
  const signatures = String(signatureHeader)
    .split(' ')
    .filter(entry => entry.startsWith('v1,'))
    .map(entry => entry.slice(3));
  return signatures.some(signature => safeEqual(signature, expected))
    ? { ok: true }
    : fail('signature mismatch');
}

/**
 * Supabase database webhooks are not signed: Supabase sends the HTTP headers configured on the webhook (Database ->
 * Webhooks -> HTTP Headers). The endpoint expects `Authorization: Bearer <secret>`, the secret being the value kept
 * in Secrets Manager, compared in constant time.
 */
function verifySupabaseDatabase(headers, secret) {
  const authorization = headers.authorization;
  if (!authorization) return fail('missing Authorization header');
  const match = /^Bearer (.+)$/.exec(String(authorization).trim());
  if (!match) return fail('malformed Authorization header');
  return safeEqual(match[1], secret)
    ? { ok: true }
    : fail('signature mismatch');
}

/** Vercel: `x-vercel-signature` is the hex HMAC-SHA1 of the raw body, keyed with the webhook secret. */
function verifyVercel(rawBody, header, secret) {
  if (!header) return fail('missing x-vercel-signature header');
  const expected = crypto
    .createHmac('sha1', secret)
    .update(rawBody, 'utf8')
    .digest('hex');
  return safeEqual(header, expected)
    ? { ok: true }
    : fail('signature mismatch');
}

/** Verifies a request for `provider` given lower-cased headers. */
function verifyWebhook(provider, rawBody, headers, secret, nowSeconds) {
  if (!secret) return fail('no secret configured');
  switch (provider) {
    case 'stripe':
      return verifyStripe(
        rawBody,
        headers['stripe-signature'],
        secret,
        nowSeconds,
      );
    case 'supabase':
      // Auth hooks are signed the Standard Webhooks way; database webhooks carry the configured bearer secret.
      return headers['webhook-signature']
        ? verifySupabase(rawBody, headers, secret, nowSeconds)
        : verifySupabaseDatabase(headers, secret);
    case 'vercel':
      return verifyVercel(rawBody, headers['x-vercel-signature'], secret);
    default:
      return fail(`unknown provider ${provider}`);
  }
}

/**
 * How far in the future an event's own timestamp may be (the sender's clock ahead of ours) before it is refused.
 */
const CLOCK_SKEW_SECONDS = 300;

/**
 * Refuses an authentic event whose own timestamp says it is older than `replayWindowSeconds`, the time its key is
 * kept in the de-duplication table: once that entry has expired, only its age still tells a replay apart. An event
 * accepted at age <= window has its key kept until at least its timestamp + window, so any later replay is older
 * than the window and refused here. Per provider:
 * - Vercel signs no timestamp header, but its signed body carries `createdAt` (epoch milliseconds): checked here;
 *   an event without one is refused, as its age cannot be told.
 * - Stripe's signed `t=` and Supabase auth hooks' signed `webhook-timestamp` are already held to 5 minutes either
 *   way by the signature checks, far inside the window: nothing more to check.
 * - Supabase database webhooks send no timestamp (`type`, `table`, `schema`, `record`, `old_record`), and their
 *   bearer secret travels in every request, so whoever can replay one can also forge a new one: nothing to check;
 *   keep that secret rotated.
 */
function checkEventAge(
  provider,
  payload,
  nowSeconds,
  replayWindowSeconds,
  clockSkewSeconds = CLOCK_SKEW_SECONDS,
) {
  if (provider !== 'vercel') return { ok: true };
  const createdAt = payload && payload.createdAt;
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) {
    return fail('the event has no numeric createdAt, so its age is unknown');
  }
  const ageSeconds = nowSeconds - createdAt / 1000;
  if (ageSeconds > replayWindowSeconds) {
    return fail('the event is older than the replay window');
  }
  if (ageSeconds < -clockSkewSeconds) {
    return fail('the event is dated in the future beyond the clock skew');
  }
  return { ok: true };
}

/**
 * The key a delivery is de-duplicated on: the provider's event id where it sends one (Stripe's and Vercel's event
 * `id` in the signed body, the Standard Webhooks `webhook-id` header of Supabase auth hooks), else the SHA-256 of
 * the raw body (Supabase database webhooks carry no id; their `record` and `old_record` make bodies distinct).
 */
function eventKeyOf(provider, rawBody, headers, payload) {
  const id =
    provider === 'supabase' ? headers['webhook-id'] : payload && payload.id;
  if (typeof id === 'string' && id.length > 0 && id.length <= 256) {
    return `${provider}#id#${id}`;
  }
  const digest = crypto
    .createHash('sha256')
    .update(rawBody, 'utf8')
    .digest('hex');
  return `${provider}#sha256#${digest}`;
}

module.exports = {
  verifyStripe,
  verifySupabase,
  verifySupabaseDatabase,
  verifyVercel,
  verifyWebhook,
  eventKeyOf,
  checkEventAge,
  CLOCK_SKEW_SECONDS,
};
