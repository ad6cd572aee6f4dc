import Button, { ButtonProps } from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';

/** An element id made of a text, for reasons shown once and referenced by several controls. */
export function reasonId(label: string): string {
  return `agent-mesh-reason-${label.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/**
 * A button that may be disabled for a reason the user should read (no permission, own request, a gate
 * fails): the reason is shown under it and is the button's accessible description.
 */
export function GuardedButton(
  props: Omit<ButtonProps, 'aria-label'> & {
    /** The accessible name, e.g. `Promote conductor to dry_run`. */
    label: string;
    /** Why the button is disabled; undefined enables it. */
    disabledReason?: string;
    /**
     * The id of an element elsewhere that already shows the reason (one permission note for a whole
     * table); the reason is then not repeated under the button.
     */
    reasonShownAt?: string;
  },
) {
  const {
    label,
    disabledReason,
    reasonShownAt,
    children,
    disabled,
    style,
    ...rest
  } = props;
  const id = reasonShownAt ?? reasonId(label);
  return (
    <span style={{ display: 'inline-block' }}>
      <Button
        size="small"
        variant="outlined"
        {...rest}
        // A label never breaks inside a word ("DRY_RU N"): the column takes the width it needs.
        style={{ whiteSpace: 'nowrap', ...style }}
        aria-label={label}
        aria-describedby={disabledReason ? id : undefined}
        disabled={disabled || disabledReason !== undefined}
      >
        {children}
      </Button>
      {disabledReason && !reasonShownAt && (
        <Typography
          id={id}
          variant="caption"
          color="textSecondary"
          component="div"
        >
          {disabledReason}
        </Typography>
      )}
    </span>
  );
}
