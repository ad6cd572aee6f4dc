/**
 * A Backstage entity name (`KubernetesValidatorFunctions.isValidObjectName`): 1-63 letters, digits, `-`, `_` and
 * `.`, starting and ending with a letter or digit.
 */
const ENTITY_NAME = '[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?';
/** A Backstage namespace (`isValidDnsLabel`): 1-63 lowercase letters, digits and hyphens, not at either end. */
const NAMESPACE = '[a-z0-9]+(?:-+[a-z0-9]+)*';

/**
 * The ref of a mesh's catalog entity, a System, as Backstage writes it (`stringifyEntityRef`): `system:`, the
 * namespace, `/`, the name.
 *
 * @public
 */
export const CATALOG_ENTITY_REF_PATTERN = new RegExp(
  `^system:(${NAMESPACE})/(${ENTITY_NAME})$`,
);

/** The characters AWS allows in a tag value (letters, digits, spaces and `_ . : / = + - @`), at most 256. */
const AWS_TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * What is wrong with `ref` as a mesh's `catalogEntityRef`, or undefined when it is a valid System ref that fits
 * an AWS tag value.
 *
 * @public
 */
export function catalogEntityRefProblem(ref: unknown): string | undefined {
  const allowed =
    'use the ref of the mesh\'s System, "system:<namespace>/<name>" (e.g. "system:default/payments-dev"): a namespace of lowercase letters, digits and hyphens, a name of letters, digits, "-", "_" and ".", each at most 63 characters and starting and ending with a letter or digit';
  if (typeof ref !== 'string') {
    return `must be a string; ${allowed}`;
  }
  const match = CATALOG_ENTITY_REF_PATTERN.exec(ref);
  if (!match || match[1].length > 63 || match[2].length > 63) {
    return `${JSON.stringify(ref)} is not a System entity ref; ${allowed}`;
  }
  if (!AWS_TAG_VALUE.test(ref)) {
    return `${JSON.stringify(
      ref,
    )} cannot be an AWS tag value (letters, digits, spaces and _ . : / = + - @, at most 256 characters)`;
  }
  return undefined;
}
