import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useState } from 'react';
import { DecisionRequest } from '@agent-mesh/plugin-agent-mesh-common';
import { newIdempotencyKey } from '../../api';
import { ConfirmActions, DialogError, ReasonField } from './DialogParts';

/** The spec's `DecisionRequest` with the dialog's idempotency key always set. */
export type KeyedDecision = DecisionRequest &
  Required<Pick<DecisionRequest, 'idempotencyKey'>>;

/**
 * The confirmation of an approval or a rejection, with a reason (required for a rejection). The dialog
 * keeps one idempotency key for its decision, so "Retry" after a failed request is the same decision.
 * `onConfirm` rejects to keep the dialog open with the error; the caller closes it otherwise.
 */
export function DecisionDialog(props: {
  title: string;
  confirmLabel: string;
  reasonRequired?: boolean;
  children?: ReactNode;
  onClose: () => void;
  onConfirm: (decision: KeyedDecision) => Promise<void>;
}) {
  const {
    title,
    confirmLabel,
    reasonRequired = false,
    onClose,
    onConfirm,
  } = props;
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const titleId = `agent-mesh-decision-${title.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const missingReason = reasonRequired && reason.trim() === '';

  const confirm = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      await onConfirm({ reason: reason.trim() || undefined, idempotencyKey });
    } catch (e) {
      setError(e as Error);
      setSubmitting(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        {props.children && (
          <Typography variant="body2" component="div" paragraph>
            {props.children}
          </Typography>
        )}
        <ReasonField
          id={`${titleId}-reason`}
          required={reasonRequired}
          value={reason}
          onChange={setReason}
          helperText={
            reasonRequired
              ? 'Say why: the reason is kept in the history.'
              : 'Kept in the history.'
          }
        />
        <DialogError error={error} />
      </DialogContent>
      <ConfirmActions
        confirmLabel={confirmLabel}
        error={error}
        disabled={submitting || missingReason}
        onCancel={onClose}
        onConfirm={confirm}
      />
    </Dialog>
  );
}
