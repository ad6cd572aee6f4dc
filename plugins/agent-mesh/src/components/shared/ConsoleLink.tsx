import Link from '@material-ui/core/Link';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';

/**
 * A link to the AWS console that opens in a new tab; `label` is its accessible name (e.g. "Open run-42 in
 * the AWS console"), since the visible text alone does not say where it goes.
 */
export function ConsoleLink(props: { href: string; label: string }) {
  return (
    <Link
      href={props.href}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`${props.label} (opens in a new tab)`}
      style={{
        whiteSpace: 'nowrap',
        display: 'inline-flex',
        alignItems: 'center',
      }}
    >
      AWS console
      <OpenInNewIcon fontSize="inherit" style={{ marginLeft: 2 }} />
    </Link>
  );
}
