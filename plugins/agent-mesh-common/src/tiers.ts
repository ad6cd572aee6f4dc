/**
 * The sizes a mesh is sold in. See the seed document for what each one holds.
 *
 * @public
 */
export const TIERS = ['small', 'medium', 'large'] as const;

/** @public */
export type Tier = (typeof TIERS)[number];

/** @public */
export function isTier(value: unknown): value is Tier {
  return (
    typeof value === 'string' && (TIERS as readonly string[]).includes(value)
  );
}
