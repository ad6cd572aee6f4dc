import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { WaitingRun } from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { agentMeshApiRef, MeshRef } from '../../api';
import { SNAPSHOT_POLL_MS } from '../../hooks/useMeshSnapshot';
import { CompactTime, LaneChip, NO_WRAP } from '../shared';
import { DecisionCard } from './DecisionCard';
import { DecisionDialog, KeyedDecision } from './DecisionDialog';
import { GuardedButton, reasonId } from './GuardedButton';
import { LaneNotice } from './LaneNotice';
import { useLanePermissions } from './useLanePermissions';

interface Decision {
  run: WaitingRun;
  kind: 'approve' | 'reject';
}

const APPROVE_NOTE = reasonId('agent-mesh-approve-run-permission');

/**
 * Runs waiting at the approval gate, oldest first, with approve and reject and a reason. Asked for again
 * every 30 seconds while open (a database read: the approvals queue feeds the backend). A run that no
 * longer waits (answered, timed out or stopped: 409) is said so and the list is read again.
 */
export function WaitingRunsCard(props: {
  mesh: MeshRef;
  entityRef: string;
  revision?: number;
  onChange?: () => void;
  pollMs?: number;
  /** Only this agent's waiting runs (the agent's own page). */
  agent?: string;
}) {
  const { mesh, entityRef, revision = 0, onChange, agent } = props;
  const pollMs = props.pollMs ?? SNAPSHOT_POLL_MS;
  const api = useApi(agentMeshApiRef);
  const { approve } = useLanePermissions(entityRef);
  const [decision, setDecision] = useState<Decision>();
  const [notice, setNotice] = useState<LaneNotice>();
  const runs = useAsyncRetry(
    () => api.listWaitingRuns(mesh),
    [api, mesh, revision],
  );
  useInterval(runs.retry, pollMs > 0 ? pollMs : null);

  const done = (next: LaneNotice) => {
    setNotice(next);
    setDecision(undefined);
    runs.retry();
    onChange?.();
  };

  const decide = async (current: Decision, body: KeyedDecision) => {
    const name = current.run.executionName;
    try {
      if (current.kind === 'approve') {
        await api.approveWaitingRun(mesh, name, body);
        done({
          severity: 'success',
          text: `Approved ${name}: the run goes on.`,
        });
      } else {
        await api.rejectWaitingRun(mesh, name, body);
        done({ severity: 'success', text: `Rejected ${name}: the run stops.` });
      }
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 409) {
        done({
          severity: 'warning',
          text: `${name} no longer waits at the approval gate: it was answered, timed out or stopped.`,
        });
        return;
      }
      throw e;
    }
  };

  const columns: TableColumn<WaitingRun>[] = [
    // Run names, agents and verdicts never break inside a word; the table scrolls in its card instead.
    { title: 'Run', field: 'executionName', cellStyle: NO_WRAP },
    { title: 'Agent', field: 'agent', cellStyle: NO_WRAP },
    {
      title: 'Lane',
      cellStyle: NO_WRAP,
      render: run => (run.lane ? <LaneChip lane={run.lane} /> : 'unknown'),
    },
    {
      title: 'Critic’s verdict',
      cellStyle: NO_WRAP,
      render: run => run.verdict ?? '',
    },
    {
      title: 'Waiting since',
      render: run => <CompactTime value={run.requestedAt} />,
    },
    {
      title: 'Expires',
      render: run =>
        run.expiresAt ? <CompactTime value={run.expiresAt} /> : '',
    },
    {
      title: 'Decision',
      render: run => (
        <Box display="flex" style={{ gap: 4 }}>
          <GuardedButton
            label={`Approve run ${run.executionName}`}
            color="primary"
            disabledReason={approve.reason}
            reasonShownAt={approve.allowed ? undefined : APPROVE_NOTE}
            onClick={() => setDecision({ run, kind: 'approve' })}
          >
            Approve
          </GuardedButton>
          <GuardedButton
            label={`Reject run ${run.executionName}`}
            disabledReason={approve.reason}
            reasonShownAt={approve.allowed ? undefined : APPROVE_NOTE}
            onClick={() => setDecision({ run, kind: 'reject' })}
          >
            Reject
          </GuardedButton>
        </Box>
      ),
    },
  ];

  const items = runs.value?.items.filter(
    run => run.status === 'waiting' && (!agent || run.agent === agent),
  );
  return (
    <DecisionCard
      title="Runs waiting for approval"
      notice={notice}
      error={runs.error}
      items={items}
      empty="No run waits at the approval gate."
      noteId={APPROVE_NOTE}
      note={approve.allowed ? undefined : approve.reason}
      columns={columns}
    >
      {decision && (
        <DecisionDialog
          key={`${decision.run.executionName}-${decision.kind}`}
          title={`${decision.kind === 'approve' ? 'Approve' : 'Reject'} run ${
            decision.run.executionName
          }`}
          confirmLabel={decision.kind === 'approve' ? 'Approve' : 'Reject'}
          reasonRequired={decision.kind === 'reject'}
          onClose={() => setDecision(undefined)}
          onConfirm={body => decide(decision, body)}
        >
          {decision.run.executionName} of {decision.run.agent}
          {decision.run.lane ? ` in ${decision.run.lane}` : ''} waits at the
          approval gate
          {decision.run.verdict ? `: “${decision.run.verdict}”` : ''}.{' '}
          {decision.kind === 'approve'
            ? 'Approving lets it go on; the lane is read again before it executes.'
            : 'Rejecting stops the run.'}
        </DecisionDialog>
      )}
    </DecisionCard>
  );
}
