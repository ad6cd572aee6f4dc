import { createHmac } from 'node:crypto';
import {
  CLOCK_SKEW_SECONDS,
  checkEventAge,
  eventKeyOf,
  verifyStripe,
  verifySupabase,
  verifySupabaseDatabase,
  verifyVercel,
  verifyWebhook,
} from './signatures';

const body = JSON.stringify({
  id: 'evt_1',
  type: 'invoice.paid',
  data: { object: { amount: 4200 } },
});
const now = 1_760_000_000;

describe('Stripe signatures', () => {
  const secret = 'whsec_test_5ecr3t';
  // The test vector is computed here exactly as Stripe documents it: HMAC-SHA256("<t>.<body>") in hex.
  const sign = (t: number, payload = body, key = secret) =>
    createHmac('sha256', key).update(`${t}.${payload}`).digest('hex');

  it('accepts a valid signature, also among several v1 entries', () => {
    expect(verifyStripe(body, `t=${now},v1=${sign(now)}`, secret, now)).toEqual(
      { ok: true },
    );
    expect(
      verifyStripe(
        body,
        `t=${now},v1=${'0'.repeat(64)},v1=${sign(now)},v0=abc`,
        secret,
        now + 10,
      ).ok,
    ).toBe(true);
  });

  it('rejects a tampered body, a wrong secret, an old timestamp and a missing header', () => {
    expect(
      verifyStripe(
        body.replace('4200', '1'),
        `t=${now},v1=${sign(now)}`,
        secret,
        now,
      ),
    ).toMatchObject({ ok: false, reason: 'signature mismatch' });
    expect(
      verifyStripe(
        body,
        `t=${now},v1=${sign(now, body, 'whsec_other')}`,
        secret,
        now,
      ).ok,
    ).toBe(false);
    expect(
      verifyStripe(body, `t=${now},v1=${sign(now)}`, secret, now + 301),
    ).toMatchObject({ ok: false, reason: 'timestamp outside the tolerance' });
    expect(verifyStripe(body, undefined, secret, now).ok).toBe(false);
    expect(verifyStripe(body, 'garbage', secret, now).ok).toBe(false);
  });
});

describe('Supabase (Standard Webhooks) signatures', () => {
  const key = Buffer.from('supabase-hook-signing-key-0123456789');
  const secret = `v1,whsec_${key.toString('base64')}`;
  const sign = (id: string, t: number, payload = body) =>
    createHmac('sha256', key).update(`${id}.${t}.${payload}`).digest('base64');
  const headers = (signature: string, t = now) => ({
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(t),
    'webhook-signature': signature,
  });

  it('accepts a valid signature, also with the bare whsec_ secret and several entries', () => {
    expect(
      verifySupabase(body, headers(`v1,${sign('msg_1', now)}`), secret, now),
    ).toEqual({ ok: true });
    expect(
      verifySupabase(
        body,
        headers(`v1,bm9wZQ== v1,${sign('msg_1', now)}`),
        secret.slice(3),
        now,
      ).ok,
    ).toBe(true);
  });

  it('rejects a signature over another message id, a tampered body and a stale timestamp', () => {
    expect(
      verifySupabase(body, headers(`v1,${sign('msg_2', now)}`), secret, now).ok,
    ).toBe(false);
    expect(
      verifySupabase(
        `${body} `,
        headers(`v1,${sign('msg_1', now)}`),
        secret,
        now,
      ).ok,
    ).toBe(false);
    expect(
      verifySupabase(
        body,
        headers(`v1,${sign('msg_1', now - 1000)}`, now - 1000),
        secret,
        now,
      ).ok,
    ).toBe(false);
    expect(verifySupabase(body, {}, secret, now).ok).toBe(false);
  });
});

describe('Supabase database webhooks (unsigned: the bearer secret of their HTTP headers)', () => {
  const secret = 'supabase-db-webhook-secret';

  it('accepts Authorization: Bearer with the configured secret', () => {
    expect(
      verifySupabaseDatabase({ authorization: `Bearer ${secret}` }, secret),
    ).toEqual({ ok: true });
  });

  it('rejects another secret, another scheme and a missing header', () => {
    expect(
      verifySupabaseDatabase({ authorization: 'Bearer nope' }, secret),
    ).toMatchObject({ ok: false, reason: 'signature mismatch' });
    expect(verifySupabaseDatabase({ authorization: secret }, secret).ok).toBe(
      false,
    );
    expect(verifySupabaseDatabase({}, secret)).toMatchObject({
      ok: false,
      reason: 'missing Authorization header',
    });
  });

  it('is what verifyWebhook uses for Supabase unless Standard Webhooks headers are present', () => {
    expect(
      verifyWebhook(
        'supabase',
        body,
        { authorization: `Bearer ${secret}` },
        secret,
        now,
      ).ok,
    ).toBe(true);
    expect(
      verifyWebhook(
        'supabase',
        body,
        {
          authorization: `Bearer ${secret}`,
          'webhook-id': 'msg_1',
          'webhook-timestamp': String(now),
          'webhook-signature': 'v1,bm9wZQ==',
        },
        secret,
        now,
      ).ok,
    ).toBe(false);
  });
});

describe('eventKeyOf', () => {
  it("keys a delivery on the provider's event id, else on the body's SHA-256", () => {
    expect(eventKeyOf('stripe', body, {}, JSON.parse(body))).toBe(
      'stripe#id#evt_1',
    );
    expect(eventKeyOf('vercel', '{"id":"e"}', {}, { id: 'e' })).toBe(
      'vercel#id#e',
    );
    expect(eventKeyOf('supabase', body, { 'webhook-id': 'msg_1' }, {})).toBe(
      'supabase#id#msg_1',
    );
    const hashed = eventKeyOf('supabase', body, {}, JSON.parse(body));
    expect(hashed).toMatch(/^supabase#sha256#[0-9a-f]{64}$/);
    expect(eventKeyOf('supabase', `${body} `, {}, JSON.parse(body))).not.toBe(
      hashed,
    );
    expect(eventKeyOf('vercel', body, {}, { id: 'x'.repeat(300) })).toMatch(
      /^vercel#sha256#/,
    );
  });
});

describe('Vercel signatures', () => {
  const secret = 'vercel-integration-secret';
  const sign = (payload: string, key = secret) =>
    createHmac('sha1', key).update(payload).digest('hex');

  it('accepts the hex HMAC-SHA1 of the raw body', () => {
    expect(verifyVercel(body, sign(body), secret)).toEqual({ ok: true });
  });

  it('rejects a tampered body, a wrong secret and a missing header', () => {
    expect(verifyVercel(`${body}x`, sign(body), secret).ok).toBe(false);
    expect(verifyVercel(body, sign(body, 'other'), secret).ok).toBe(false);
    expect(verifyVercel(body, undefined, secret).ok).toBe(false);
  });
});

describe('verifyWebhook', () => {
  it('dispatches by provider and refuses when no secret is configured or the provider is unknown', () => {
    const signature = createHmac('sha1', 's').update(body).digest('hex');
    expect(
      verifyWebhook(
        'vercel',
        body,
        { 'x-vercel-signature': signature },
        's',
        now,
      ).ok,
    ).toBe(true);
    expect(
      verifyWebhook(
        'vercel',
        body,
        { 'x-vercel-signature': signature },
        '',
        now,
      ),
    ).toMatchObject({ ok: false, reason: 'no secret configured' });
    expect(verifyWebhook('github', body, {}, 's', now).ok).toBe(false);
  });
});

describe('checkEventAge', () => {
  const week = 7 * 24 * 3600;
  const vercelAt = (seconds: number) => ({
    id: 'e',
    createdAt: seconds * 1000,
  });

  it('accepts a fresh Vercel event and one exactly at the edge of the replay window', () => {
    // GIVEN events created an hour ago and exactly one replay window ago / THEN both pass
    expect(checkEventAge('vercel', vercelAt(now - 3600), now, week)).toEqual({
      ok: true,
    });
    expect(checkEventAge('vercel', vercelAt(now - week), now, week).ok).toBe(
      true,
    );
  });

  it('refuses a Vercel event older than the replay window, whose key may have left the de-duplication table', () => {
    expect(
      checkEventAge('vercel', vercelAt(now - week - 1), now, week),
    ).toEqual({
      ok: false,
      reason: 'the event is older than the replay window',
    });
  });

  it('tolerates a sender clock a little ahead, and refuses an event further in the future', () => {
    expect(CLOCK_SKEW_SECONDS).toBe(300);
    expect(checkEventAge('vercel', vercelAt(now + 299), now, week).ok).toBe(
      true,
    );
    expect(checkEventAge('vercel', vercelAt(now + 301), now, week)).toEqual({
      ok: false,
      reason: 'the event is dated in the future beyond the clock skew',
    });
  });

  it('refuses a Vercel event whose age cannot be told', () => {
    for (const payload of [
      { id: 'e' },
      { id: 'e', createdAt: String(now * 1000) },
      { id: 'e', createdAt: null },
      null,
    ]) {
      expect(checkEventAge('vercel', payload, now, week).ok).toBe(false);
    }
  });

  it('leaves Stripe and Supabase auth hooks to their signed timestamps, held to 5 minutes either way', () => {
    const secret = 'whsec_test_5ecr3t';
    const stripeAt = (t: number) =>
      `t=${t},v1=${createHmac('sha256', secret)
        .update(`${t}.${body}`)
        .digest('hex')}`;
    // an old replay (older than the window), a fresh one and one from the future
    expect(verifyStripe(body, stripeAt(now - week - 1), secret, now).ok).toBe(
      false,
    );
    expect(verifyStripe(body, stripeAt(now), secret, now).ok).toBe(true);
    expect(verifyStripe(body, stripeAt(now + 299), secret, now).ok).toBe(true);
    expect(verifyStripe(body, stripeAt(now + 301), secret, now).ok).toBe(false);
    const key = Buffer.from('supabase-key').toString('base64');
    const supabaseAt = (t: number) => ({
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(t),
      'webhook-signature': `v1,${createHmac(
        'sha256',
        Buffer.from(key, 'base64'),
      )
        .update(`msg_1.${t}.${body}`)
        .digest('base64')}`,
    });
    const secretOf = `v1,whsec_${key}`;
    expect(
      verifySupabase(body, supabaseAt(now - week - 1), secretOf, now).ok,
    ).toBe(false);
    expect(verifySupabase(body, supabaseAt(now), secretOf, now).ok).toBe(true);
    expect(verifySupabase(body, supabaseAt(now + 301), secretOf, now).ok).toBe(
      false,
    );
    // AND their payloads need no further age check
    for (const provider of ['stripe', 'supabase']) {
      expect(checkEventAge(provider, JSON.parse(body), now, week).ok).toBe(
        true,
      );
    }
  });
});
