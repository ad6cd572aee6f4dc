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
