/**
 * A new idempotency key for one user intent (a promotion, a demotion, a decision). A retry of the same intent
 * sends the same key, so the backend answers it with the first answer instead of acting twice.
 *
 * @public
 */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
