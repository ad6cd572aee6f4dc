import { TableColumn } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { PromotionRequest } from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef, PromotionApprovalResult } from '../../api';
import { CompactTime, LaneChip, NO_WRAP, WRAP_WORDS } from '../shared';
import { DecisionDialog, KeyedDecision } from './DecisionDialog';
import { GuardedButton, reasonId } from './GuardedButton';
import { conflictMessage, failingGates } from './laneChangeMessages';
import { DecisionCard } from './DecisionCard';
import { LaneNotice } from './LaneNotice';
import { useLanePermissions } from './useLanePermissions';

interface Decision {
  request: PromotionRequest;
  kind: 'approve' | 'reject';
}

/** Approve, Reject, or Withdraw for the requester's own request. */
function decisionVerb(decision: Decision, me: string | undefined): string {
  if (decision.kind === 'approve') {
    return 'Approve';
  }
  return decision.request.requestedBy === me ? 'Withdraw' : 'Reject';
}

const APPROVE_NOTE = reasonId('agent-mesh-approve-permission');

function describe(request: PromotionRequest): string {
  return `promotion of ${request.agent} to ${request.to}`;
}

/** The notice of an approval's outcome. */
export function approvalNotice(
  request: PromotionRequest,
  result: PromotionApprovalResult,
): LaneNotice {
  switch (result.kind) {
    case 'approved':
      return {
        severity: 'success',
        text: result.response.lane
          ? `Approved: ${request.agent} is now in ${result.response.lane.lane} (version ${result.response.lane.version}).`
          : `Approved the ${describe(request)}.`,
      };
    case 'conflict':
      return {
        severity: 'warning',
        text: `Not approved: ${conflictMessage(
          request.agent,
          result.current,
        )} since the request was made.`,
      };
    default:
      return {
        severity: 'warning',
        text: `Not approved: a gate fails now. ${failingGates(
          result.report,
        ).join('; ')}`,
      };
  }
}

/**
 * Promotion requests that wait for a second person, with approve and reject. The requester sees their own
 * request as not approvable, with the reason, and may withdraw it; others need the approve permission.
 * A request another person decided meanwhile (409) is said so and the list is read again.
 */
export function PromotionRequestsCard(props: {
  mesh: MeshRef;
  entityRef: string;
  revision?: number;
  onChange?: () => void;
  /** Only this agent's requests (the agent's own page). */
  agent?: string;
}) {
  const { mesh, entityRef, revision = 0, onChange, agent } = props;
  const api = useApi(agentMeshApiRef);
  const identityApi = useApi(identityApiRef);
  const { approve } = useLanePermissions(entityRef);
  const [decision, setDecision] = useState<Decision>();
  const [notice, setNotice] = useState<LaneNotice>();
  const [reads, setReads] = useState(0);
  const requests = useAsync(
    () => api.listPromotionRequests(mesh),
    [api, mesh, revision, reads],
  );
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const me = identity.value?.userEntityRef;

  const done = (next: LaneNotice) => {
    setNotice(next);
    setDecision(undefined);
    setReads(n => n + 1);
    onChange?.();
  };

  const decide = async (current: Decision, body: KeyedDecision) => {
    try {
      if (current.kind === 'approve') {
        const result = await api.approvePromotionRequest(
          mesh,
          current.request.id,
          body,
        );
        done(approvalNotice(current.request, result));
      } else {
        await api.rejectPromotionRequest(mesh, current.request.id, body);
        done({
          severity: 'success',
          text: `${
            current.request.requestedBy === me ? 'Withdrew' : 'Rejected'
          } the ${describe(current.request)}.`,
        });
      }
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 409) {
        done({
          severity: 'warning',
          text: `The ${describe(
            current.request,
          )} is no longer pending: someone decided it or it expired.`,
        });
        return;
      }
      throw e;
    }
  };

  const columns: TableColumn<PromotionRequest>[] = [
    { title: 'Agent', field: 'agent', cellStyle: NO_WRAP },
    {
      title: 'Change',
      cellStyle: NO_WRAP,
      render: request => (
        <>
          <LaneChip lane={request.from} /> → <LaneChip lane={request.to} />
        </>
      ),
    },
    { title: 'Requested by', field: 'requestedBy', cellStyle: NO_WRAP },
    {
      title: 'Requested',
      render: request => <CompactTime value={request.requestedAt} />,
    },
    {
      title: 'Expires',
      render: request => <CompactTime value={request.expiresAt} />,
    },
    {
      title: 'Reason',
      cellStyle: { minWidth: 160, ...WRAP_WORDS },
      render: request => request.reason ?? '',
    },
    {
      title: 'Decision',
      render: request => {
        const own = me !== undefined && request.requestedBy === me;
        const whoAmI = identity.loading ? 'Checking who you are…' : undefined;
        return (
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
            <GuardedButton
              label={`Approve ${describe(request)}`}
              color="primary"
              disabledReason={
                whoAmI ??
                (own
                  ? 'You requested this promotion: a second person must approve it.'
                  : approve.reason)
              }
              reasonShownAt={
                !own && !approve.allowed ? APPROVE_NOTE : undefined
              }
              onClick={() => setDecision({ request, kind: 'approve' })}
            >
              Approve
            </GuardedButton>
            <GuardedButton
              label={`${own ? 'Withdraw' : 'Reject'} ${describe(request)}`}
              disabledReason={whoAmI ?? (own ? undefined : approve.reason)}
              reasonShownAt={
                !own && !approve.allowed ? APPROVE_NOTE : undefined
              }
              onClick={() => setDecision({ request, kind: 'reject' })}
            >
              {own ? 'Withdraw' : 'Reject'}
            </GuardedButton>
          </Box>
        );
      },
    },
  ];

  const items = requests.value?.items.filter(
    request => !agent || request.agent === agent,
  );
  return (
    <DecisionCard
      title="Promotion requests"
      notice={notice}
      error={requests.error}
      items={items}
      empty="No promotion request waits for approval."
      noteId={APPROVE_NOTE}
      note={approve.allowed ? undefined : approve.reason}
      columns={columns}
    >
      {decision && (
        <DecisionDialog
          key={`${decision.request.id}-${decision.kind}`}
          title={`${decisionVerb(decision, me)} the ${describe(
            decision.request,
          )}`}
          confirmLabel={decision.kind === 'approve' ? 'Approve' : 'Reject'}
          reasonRequired={decision.kind === 'reject'}
          onClose={() => setDecision(undefined)}
          onConfirm={body => decide(decision, body)}
        >
          {decision.request.requestedBy} asks to move {decision.request.agent}{' '}
          from {decision.request.from} to {decision.request.to}
          {decision.request.reason ? `: “${decision.request.reason}”` : ''}.
          {decision.kind === 'approve' &&
            ' Approving applies the promotion at once; its next run uses the new lane.'}
        </DecisionDialog>
      )}
    </DecisionCard>
  );
}
