/** The outcome of a signature check; `reason` says why it failed. */
export interface VerifyResult {
  ok: boolean;
  reason?: string;
}
export function verifyStripe(
  rawBody: string,
  header: string | undefined,
  secret: string,
  nowSeconds: number,
  toleranceSeconds?: number,
): VerifyResult;
export function verifySupabase(
  rawBody: string,
  headers: Record<string, string | undefined>,
  secret: string,
  nowSeconds: number,
  toleranceSeconds?: number,
): VerifyResult;
export function verifySupabaseDatabase(
  headers: Record<string, string | undefined>,
  secret: string,
): VerifyResult;
export function verifyVercel(
  rawBody: string,
  header: string | undefined,
  secret: string,
): VerifyResult;
export function verifyWebhook(
  provider: string,
  rawBody: string,
  headers: Record<string, string | undefined>,
  secret: string,
  nowSeconds: number,
): VerifyResult;
export function eventKeyOf(
  provider: string,
  rawBody: string,
  headers: Record<string, string | undefined>,
  payload: unknown,
): string;
/** How far in the future an event's own timestamp may be before it is refused, in seconds. */
export const CLOCK_SKEW_SECONDS: number;
/**
 * Refuses an authentic event whose own timestamp (Vercel's `createdAt`) is older than the replay window or
 * further in the future than the clock skew; the providers whose signed timestamps are already held to 5 minutes
 * (Stripe, Supabase auth hooks) and Supabase database webhooks (no timestamp) pass.
 */
export function checkEventAge(
  provider: string,
  payload: unknown,
  nowSeconds: number,
  replayWindowSeconds: number,
  clockSkewSeconds?: number,
): VerifyResult;
