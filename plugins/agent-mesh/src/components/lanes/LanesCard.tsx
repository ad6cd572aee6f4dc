import {
  EmptyState,
  InfoCard,
  Progress,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { AgentLane } from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, LaneChangeResult, MeshRef } from '../../api';
import {
  CardTable,
  CompactColumn,
  CompactTime,
  DEFAULT_REFRESH_INTERVAL_SECONDS,
  LaneChip,
  MeshRequestError,
  panelHasData,
  PanelNotice,
  NO_WRAP,
  staleAgeSeconds,
  WRAP_WORDS,
} from '../shared';
import { formatAge } from '../../format/age';
import { AgentGates } from './GateChecklist';
import { GuardedButton, reasonId } from './GuardedButton';
import { LaneChangeDialog, LaneChangeIntent } from './LaneChangeDialog';
import { conflictMessage } from './laneChangeMessages';
import { LaneNotice, LaneNoticeView } from './LaneNotice';
import { Permitted, useLanePermissions } from './useLanePermissions';

/** The notice of a lane change's outcome (a 422 stays in the dialog and never gets here). */
export function laneChangeNotice(
  intent: LaneChangeIntent,
  result: LaneChangeResult,
): LaneNotice {
  const name = intent.agent.agent;
  switch (result.kind) {
    case 'applied':
      return {
        severity: 'success',
        text: `${name} is now in ${result.response.lane.lane} (version ${result.response.lane.version}). Its next run uses this lane.`,
      };
    case 'pending_approval':
      return {
        severity: 'success',
        text: `The promotion of ${name} to ${intent.to} waits for a second person’s approval.`,
      };
    case 'conflict':
      return {
        severity: 'warning',
        text: `${conflictMessage(
          name,
          result.current,
        )}. The table shows the fresh state; check it before you try again.`,
      };
    default:
      return {
        severity: 'warning',
        text: `The promotion of ${name} was refused: ${result.message}`,
      };
  }
}

const PROMOTE_NOTE = reasonId('agent-mesh-promote-permission');
const DEMOTE_NOTE = reasonId('agent-mesh-demote-permission');

function PermissionNotes(props: { promote: Permitted; demote: Permitted }) {
  const { promote, demote } = props;
  if (promote.allowed && demote.allowed) {
    return null;
  }
  return (
    <Box mb={2}>
      {!promote.allowed && (
        <Typography id={PROMOTE_NOTE} variant="body2" color="textSecondary">
          {promote.reason}
        </Typography>
      )}
      {!demote.allowed && demote.reason !== promote.reason && (
        <Typography id={DEMOTE_NOTE} variant="body2" color="textSecondary">
          {demote.reason}
        </Typography>
      )}
    </Box>
  );
}

function LaneActions(props: {
  agent: AgentLane;
  promote: Permitted;
  demote: Permitted;
  onIntent: (intent: LaneChangeIntent) => void;
}) {
  const { agent, promote, demote, onIntent } = props;
  const pending = agent.pendingRequest;
  const demoteNote =
    demote.reason === promote.reason ? PROMOTE_NOTE : DEMOTE_NOTE;
  return (
    <CompactColumn>
      {agent.promotableTo ? (
        <GuardedButton
          label={`Promote ${agent.agent} to ${agent.promotableTo}`}
          color="primary"
          disabledReason={
            promote.reason ??
            (pending
              ? `A promotion to ${pending.to} waits for approval (requested by ${pending.requestedBy}).`
              : undefined)
          }
          reasonShownAt={promote.allowed ? undefined : PROMOTE_NOTE}
          onClick={() =>
            onIntent({ direction: 'promote', agent, to: agent.promotableTo! })
          }
        >
          Promote to {agent.promotableTo}
        </GuardedButton>
      ) : (
        <Typography variant="body2" color="textSecondary" style={NO_WRAP}>
          Top lane of this mesh
        </Typography>
      )}
      {agent.demotableTo.map(lane => (
        <GuardedButton
          key={lane}
          label={`Demote ${agent.agent} to ${lane}`}
          disabledReason={demote.reason}
          reasonShownAt={demote.allowed ? undefined : demoteNote}
          onClick={() => onIntent({ direction: 'demote', agent, to: lane })}
        >
          Demote to {lane}
        </GuardedButton>
      ))}
    </CompactColumn>
  );
}

function gatesPanelId(agent: string): string {
  return reasonId(`agent-mesh-gates-${agent}`);
}

/** The toggle of an agent's gate checklist; the checklist itself is shown full width under the table. */
function GatesToggle(props: {
  agent: AgentLane;
  open: boolean;
  onToggle: () => void;
}) {
  const { agent, open, onToggle } = props;
  if (!agent.promotableTo) {
    return null;
  }
  const label = `${open ? 'Hide' : 'Show'} gates of ${agent.agent}`;
  return (
    <Button
      size="small"
      aria-expanded={open}
      aria-controls={open ? gatesPanelId(agent.agent) : undefined}
      aria-label={label}
      title={label}
      style={NO_WRAP}
      onClick={onToggle}
    >
      {open ? 'Hide gates' : 'Show gates'}
    </Button>
  );
}

/** The gate checklist of one agent in a full-width panel under the lanes table, so nothing is cut off. */
function GatesPanel(props: { mesh: MeshRef; agent: AgentLane }) {
  const { mesh, agent } = props;
  const headingId = `${gatesPanelId(agent.agent)}-heading`;
  return (
    <Box
      id={gatesPanelId(agent.agent)}
      role="region"
      aria-labelledby={headingId}
      mt={2}
      p={2}
      border={1}
      borderColor="divider"
      borderRadius={4}
    >
      <Typography id={headingId} variant="h6" component="h3">
        Gates of {agent.agent}: {agent.lane} → {agent.promotableTo}
      </Typography>
      <AgentGates mesh={mesh} agent={agent.agent} />
    </Box>
  );
}

/**
 * Every agent's lane and KV version, with promote and demote buttons (disabled with the reason when the
 * user may not use them), the gate checklist of each promotion on demand, and the outcome of the last
 * change: applied, waiting for approval, or a 409 naming the lane someone else set (the table then shows
 * the fresh state). Warns when the evidence is older than two refresh intervals.
 */
export function LanesCard(props: {
  mesh: MeshRef;
  /** The mesh's entity ref: the resource the permissions are decided for. */
  entityRef: string;
  /** Bumped by the caller after any lane change, so every card reads again. */
  revision?: number;
  /** Called after a lane change reached the backend (applied, pending or refused with 409). */
  onChange?: () => void;
  refreshIntervalSeconds?: number;
  /** Only this agent's lane (the agent's own page). */
  agent?: string;
}) {
  const {
    mesh,
    agent: only,
    entityRef,
    revision = 0,
    onChange,
    refreshIntervalSeconds = DEFAULT_REFRESH_INTERVAL_SECONDS,
  } = props;
  const api = useApi(agentMeshApiRef);
  const { promote, demote } = useLanePermissions(entityRef);
  const [intent, setIntent] = useState<LaneChangeIntent>();
  const [notice, setNotice] = useState<LaneNotice>();
  const [openGates, setOpenGates] = useState<string[]>([]);
  const toggleGates = (name: string) =>
    setOpenGates(open =>
      open.includes(name) ? open.filter(n => n !== name) : [...open, name],
    );
  // Read again after each change of this card's own, also when no caller listens to `onChange`.
  const [reads, setReads] = useState(0);
  const { value, loading, error } = useAsync(
    () => api.listLanes(mesh),
    [api, mesh, revision, reads],
  );

  const onResult = (result: LaneChangeResult) => {
    setNotice(laneChangeNotice(intent!, result));
    setIntent(undefined);
    setReads(n => n + 1);
    onChange?.();
  };

  const items = (value?.items ?? []).filter(
    agent => !only || agent.agent === only,
  );
  // In table order; an agent promoted to the top lane has no gates to show any more.
  const gatesShown = items.filter(
    agent => agent.promotableTo && openGates.includes(agent.agent),
  );
  const staleSeconds = value
    ? staleAgeSeconds(value.fetchedAt, refreshIntervalSeconds)
    : undefined;

  const columns: TableColumn<AgentLane>[] = [
    {
      title: 'Agent',
      field: 'agent',
      cellStyle: NO_WRAP,
      render: agent =>
        agent.entityRef ? (
          <EntityRefLink entityRef={agent.entityRef}>
            {agent.agent}
          </EntityRefLink>
        ) : (
          agent.agent
        ),
    },
    {
      title: 'Lane',
      field: 'lane',
      render: agent => (
        <LaneChip
          lane={agent.lane}
          title={
            agent.source === 'default'
              ? 'No lane item in the KV table: the agent runs read_only'
              : undefined
          }
        />
      ),
    },
    { title: 'Version', field: 'version', type: 'numeric' },
    {
      title: 'Last change',
      render: agent =>
        agent.source === 'default' ? (
          <span style={NO_WRAP}>never (no lane item)</span>
        ) : (
          // Compact and on one line each: `3 d ago` (the full date on hover), then the actor.
          <>
            {agent.updatedAt && (
              <div>
                <CompactTime value={agent.updatedAt} variant="relative" />
              </div>
            )}
            {agent.updatedBy && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
                style={NO_WRAP}
              >
                by {agent.updatedBy}
              </Typography>
            )}
          </>
        ),
    },
    {
      title: 'Pending request',
      cellStyle: { minWidth: 120, ...WRAP_WORDS },
      render: agent =>
        agent.pendingRequest
          ? `${agent.pendingRequest.to}, requested by ${agent.pendingRequest.requestedBy}`
          : 'none',
    },
    {
      title: 'Change lane',
      render: agent => (
        <LaneActions
          agent={agent}
          promote={promote}
          demote={demote}
          onIntent={change => {
            setNotice(undefined);
            setIntent(change);
          }}
        />
      ),
    },
    {
      title: 'Gates',
      render: agent => (
        <GatesToggle
          agent={agent}
          open={openGates.includes(agent.agent)}
          onToggle={() => toggleGates(agent.agent)}
        />
      ),
    },
  ];

  return (
    <InfoCard
      title={only ? `Lane of ${only}` : 'Lanes'}
      subheader={value ? `Environment: ${value.environment}` : undefined}
    >
      {error && <MeshRequestError error={error} />}
      {loading && !value && <Progress />}
      {value && (
        <>
          {staleSeconds !== undefined && (
            <WarningPanel
              severity="warning"
              title={`Evidence is stale: the lanes were read ${formatAge(
                staleSeconds,
              )} ago`}
              message={`The backend refreshes every ${formatAge(
                refreshIntervalSeconds,
              )}, so at least two refreshes did not complete. The gates judge promotions on this evidence and may refuse them until a refresh succeeds.`}
            />
          )}
          <PanelNotice label="Lanes" panel={value} />
          <LaneNoticeView notice={notice} />
          <PermissionNotes promote={promote} demote={demote} />
          {items.length === 0 && panelHasData(value) && (
            <EmptyState
              missing="data"
              title={
                only
                  ? `No agent ${only} in this mesh`
                  : 'No agents in this mesh'
              }
              description="Agents are catalog Components with spec.type agent whose spec.system is this mesh."
            />
          )}
          {items.length > 0 && <CardTable columns={columns} data={items} />}
          {gatesShown.map(agent => (
            <GatesPanel key={agent.agent} mesh={mesh} agent={agent} />
          ))}
        </>
      )}
      {intent && (
        <LaneChangeDialog
          key={`${intent.agent.agent}-${intent.direction}-${intent.to}`}
          mesh={mesh}
          intent={intent}
          onClose={() => setIntent(undefined)}
          onResult={onResult}
        />
      )}
    </InfoCard>
  );
}
