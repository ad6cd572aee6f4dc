import { isOneOf } from './oneOf';

/**
 * A lane is a permission level an agent runs in. The order of this list is the promotion order:
 * an agent moves one step to the right at a time, and may drop to any lane on its left at once.
 *
 * @public
 */
export const LANES = ['read_only', 'dry_run', 'execute'] as const;

/** @public */
export type Lane = (typeof LANES)[number];

/** @public */
export function isLane(value: unknown): value is Lane {
  return isOneOf(LANES, value);
}

/**
 * The lane's position in the promotion order, 0 for `read_only`.
 *
 * @public
 */
export function laneRank(lane: Lane): number {
  return LANES.indexOf(lane);
}

/**
 * The lane one promotion above `lane`, or undefined for the top lane.
 *
 * @public
 */
export function nextLane(lane: Lane): Lane | undefined {
  return LANES[laneRank(lane) + 1];
}
