import { ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';
import TextField from '@material-ui/core/TextField';
import { ReactNode } from 'react';

/** The longest reason the backend keeps in the history. */
export const REASON_MAX = 500;

/** The reason of a lane change or a decision, kept in the history: `Reason` or `Reason (optional)`. */
export function ReasonField(props: {
  id: string;
  value: string;
  onChange: (reason: string) => void;
  required?: boolean;
  helperText: string;
}) {
  return (
    <TextField
      id={props.id}
      label={props.required ? 'Reason' : 'Reason (optional)'}
      required={props.required}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      inputProps={{ maxLength: REASON_MAX }}
      helperText={props.helperText}
      fullWidth
      multiline
      margin="normal"
      variant="outlined"
    />
  );
}

/** The request's error, shown above the dialog's buttons. */
export function DialogError(props: { error?: Error }) {
  return props.error ? <ResponseErrorPanel error={props.error} /> : null;
}

/**
 * Cancel and the confirming button, which says `Retry` after an error; `note` stands before them (why the
 * button is disabled, pointed to by `describedBy`).
 */
export function ConfirmActions(props: {
  confirmLabel: string;
  error?: Error;
  disabled: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  describedBy?: string;
  note?: ReactNode;
}) {
  return (
    <DialogActions>
      {props.note}
      <Button onClick={props.onCancel}>Cancel</Button>
      <Button
        color="primary"
        variant="contained"
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        onClick={props.onConfirm}
      >
        {props.error ? 'Retry' : props.confirmLabel}
      </Button>
    </DialogActions>
  );
}
