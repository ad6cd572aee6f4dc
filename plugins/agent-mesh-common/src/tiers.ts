import type { Lane } from './lanes';

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

/**
 * The lanes each tier has, in promotion order. A small mesh has no `execute` lane (its agents only read and
 * dry-run); medium and large have all three. The tier stacks of `@agent-mesh/infra-constructs` deploy the same
 * lanes (`tiers/small-mesh.ts`, `medium-mesh.ts`, `large-mesh.ts`).
 *
 * @public
 */
export const TIER_LANES: Record<Tier, readonly Lane[]> = {
  small: ['read_only', 'dry_run'],
  medium: ['read_only', 'dry_run', 'execute'],
  large: ['read_only', 'dry_run', 'execute'],
};
