/**
 * Whether `value` is one of `values`: the type guard behind `isLane`, `isTier` and the portal's enum checks.
 *
 * @public
 */
export function isOneOf<T extends string>(
  values: readonly T[],
  value: unknown,
): value is T {
  return (
    typeof value === 'string' && (values as readonly string[]).includes(value)
  );
}
