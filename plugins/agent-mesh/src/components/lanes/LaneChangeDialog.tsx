import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  AgentLane,
  GateReport,
  Lane,
} from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  agentMeshApiRef,
  LaneChangeResult,
  MeshRef,
  newIdempotencyKey,
} from '../../api';
import { MeshRequestError } from '../shared';
import {
  ConfirmActions,
  DialogError,
  REASON_MAX,
  ReasonField,
} from './DialogParts';
import { GateChecklist } from './GateChecklist';
import { failingGates } from './laneChangeMessages';

/** One intended lane change: which agent, which way, to which lane. */
export interface LaneChangeIntent {
  direction: 'promote' | 'demote';
  agent: AgentLane;
  to: Lane;
}

/**
 * The confirmation of a promotion or demotion, naming the agent, the lane it is in and the lane it goes to,
 * with an optional reason. A promotion shows its gate checklist first and can only be confirmed when every
 * gate passes. The dialog keeps one idempotency key for its intent, so "Retry" after a failed request is
 * the same change to the backend. A 422 keeps the dialog open with the failing gates; every other outcome
 * goes to `onResult`.
 */
export function LaneChangeDialog(props: {
  mesh: MeshRef;
  intent: LaneChangeIntent;
  onClose: () => void;
  onResult: (result: LaneChangeResult) => void;
}) {
  const { mesh, intent, onClose, onResult } = props;
  const { agent, to, direction } = intent;
  const api = useApi(agentMeshApiRef);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const [refused, setRefused] = useState<GateReport>();

  const promote = direction === 'promote';
  const gates = useAsync(
    async () =>
      promote ? api.getPromotionGates(mesh, agent.agent) : undefined,
    [api, mesh, agent.agent, promote],
  );
  // A refusal carries the report the backend evaluated at the click: it replaces the one read before.
  const report = refused ?? gates.value;
  const verb = promote ? 'Promote' : 'Demote';
  const titleId = `agent-mesh-lane-change-${agent.agent}`;
  const laneMoved =
    report !== undefined &&
    (report.from !== agent.lane || report.version !== agent.version);
  // Gates that fail, or a lane that moved since the page was read: the backend would refuse (422 or 409).
  const blockedByGates = promote && (!report || !report.passed || laneMoved);
  let describedBy: string | undefined;
  if (laneMoved) {
    describedBy = `${titleId}-moved`;
  } else if (promote && report && !report.passed) {
    describedBy = `${titleId}-blocked`;
  }
  const confirmLabel =
    promote && report?.requiresApproval ? 'Request promotion' : verb;

  const confirm = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const change = {
        from: agent.lane,
        to,
        expectedVersion: agent.version,
        idempotencyKey,
        reason: reason.trim() || undefined,
      };
      const result = promote
        ? await api.promoteAgent(mesh, agent.agent, change)
        : await api.demoteAgent(mesh, agent.agent, change);
      if (result.kind === 'gates_failed') {
        setRefused(result.report);
        setSubmitting(false);
        return;
      }
      onResult(result);
    } catch (e) {
      setError(e as Error);
      setSubmitting(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>
        {verb} {agent.agent} from {agent.lane} to {to}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          {promote
            ? `${agent.agent} runs in ${agent.lane} (version ${agent.version}). After the promotion its next run uses the ${to} role.`
            : `${agent.agent} runs in ${agent.lane} (version ${agent.version}). A demotion is never gated: its next run uses the ${to} role.`}
        </Typography>
        {refused && (
          <Box role="alert" mb={2}>
            <Typography variant="body2" color="error" component="div">
              The backend refused the promotion: a gate failed.
              <ul>
                {failingGates(refused).map(line => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </Typography>
          </Box>
        )}
        {laneMoved && report && (
          <Typography
            id={`${titleId}-moved`}
            variant="body2"
            color="error"
            paragraph
          >
            The lane of {agent.agent} changed since this page was read: it is
            now {report.from} (version {report.version}). Close this dialog; the
            page shows the fresh state.
          </Typography>
        )}
        {promote && gates.loading && <Progress />}
        {promote && gates.error && <MeshRequestError error={gates.error} />}
        {report && <GateChecklist report={report} />}
        <ReasonField
          id={`${titleId}-reason`}
          value={reason}
          onChange={setReason}
          helperText={`Kept in the lane history. ${
            REASON_MAX - reason.length
          } characters left.`}
        />
        <DialogError error={error} />
      </DialogContent>
      <ConfirmActions
        confirmLabel={confirmLabel}
        error={error}
        disabled={submitting || blockedByGates}
        describedBy={describedBy}
        onCancel={onClose}
        onConfirm={confirm}
        note={
          promote &&
          report &&
          !report.passed && (
            <Typography
              variant="caption"
              color="error"
              id={`${titleId}-blocked`}
            >
              A gate fails: the promotion would be refused.
            </Typography>
          )
        }
      />
    </Dialog>
  );
}
