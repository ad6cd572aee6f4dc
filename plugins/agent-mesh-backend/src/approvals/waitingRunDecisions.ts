import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
} from '@aws-sdk/client-sfn';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  HistoryEntry,
  isLane,
  PORTAL_EVENT_DETAIL_TYPES,
  WaitingRun,
} from '@agent-mesh/plugin-agent-mesh-common';
import { Request } from 'express';
import { AwsClientFactory } from '../aws/awsClientFactory';
import { MeshTarget } from '../aws/meshTarget';
import { actorOf } from '../promotion/actorOf';
import { ChangeWriter } from '../promotion/changeWriter';
import { MeshKey, StoredWaitingRun, WaitingRunStore } from './WaitingRunStore';

/** The error a rejected run fails with; the conductor workflow's approval gate catches it by this name. */
export const APPROVAL_REJECTED_ERROR = 'AgentMesh.ApprovalRejected';

/** Step Functions' answers for a token whose wait has ended: the run no longer waits. */
const ENDED_WAIT_ERRORS = new Set([
  'TaskTimedOut',
  'TaskDoesNotExist',
  'InvalidToken',
]);

export type WaitingRunDecision = 'approve' | 'reject';

/** A waiting run as the API shows it: named by its execution, without its token. */
export function toWaitingRun(run: StoredWaitingRun): WaitingRun {
  // The mesh key is the route's and the task token never leaves the server.
  const { mesh, taskToken, lane, verdict, decidedBy, decidedAt, ...named } =
    run;
  const view: WaitingRun = {
    ...named,
    requestedAt: new Date(run.requestedAt).toISOString(),
    expiresAt: new Date(run.expiresAt).toISOString(),
    status: run.status === 'deciding' ? 'waiting' : run.status,
  };
  if (isLane(lane)) view.lane = lane;
  if (verdict) view.verdict = verdict;
  if (decidedBy) view.decidedBy = decidedBy;
  if (decidedAt) view.decidedAt = new Date(decidedAt).toISOString();
  return view;
}

/**
 * Answers runs waiting at the approval gate. The run is claimed in the database first (only one caller on any
 * replica wins); then the change writer opens the audit event (no audit, no decision), tells Step Functions,
 * and writes the history row with its bus event. A claim whose answer failed is given back.
 */
export class WaitingRunDecisions {
  constructor(
    private readonly deps: {
      store: WaitingRunStore;
      writer: ChangeWriter;
      clients: AwsClientFactory;
    },
  ) {}

  async decide(options: {
    meshRef: string;
    target: MeshTarget;
    executionName: string;
    decision: WaitingRunDecision;
    credentials: BackstageCredentials;
    reason?: string;
    request?: Request<any, any, any, any, any>;
  }): Promise<{ run: WaitingRun; entry: HistoryEntry }> {
    const { store } = this.deps;
    const { target, executionName, decision } = options;
    const mesh: MeshKey = {
      accountId: target.accountId,
      meshId: target.meshId,
    };
    const run = await store.get(mesh, executionName);
    if (!run) {
      throw new NotFoundError(
        `No run ${executionName} has waited at the approval gate of mesh ${target.meshId}`,
      );
    }
    const now = Date.now();
    if (!(await store.claim(mesh, executionName, now))) {
      const current = await store.get(mesh, executionName);
      throw new ConflictError(
        `Run ${executionName} no longer waits at the approval gate (${describe(
          current,
          now,
        )})`,
      );
    }
    const actor = actorOf(options.credentials);
    const approve = decision === 'approve';
    // Set by the answer to Step Functions; until then the claim is given back if anything fails.
    const decided: { status: 'approved' | 'rejected' | 'waiting' } = {
      status: 'waiting',
    };
    try {
      const { entry } = await this.deps.writer.apply({
        meshRef: options.meshRef,
        target,
        actor,
        agent: run.agent,
        auditEventId: 'waiting-run-decision',
        request: options.request,
        action: approve ? 'run_approved' : 'run_rejected',
        detailType: approve
          ? PORTAL_EVENT_DETAIL_TYPES.runApproved
          : PORTAL_EVENT_DETAIL_TYPES.runRejected,
        reason: options.reason,
        executionName,
        externalWrite: async () => {
          decided.status = await this.answer(
            run,
            mesh,
            approve,
            actor,
            options.reason,
          );
        },
      });
      return {
        run: toWaitingRun({
          ...run,
          status: decided.status,
          decidedBy: actor,
          decidedAt: now,
        }),
        entry,
      };
    } finally {
      await store.finish(
        mesh,
        executionName,
        decided.status === 'waiting'
          ? { status: 'waiting' }
          : { status: decided.status, decidedBy: actor, decidedAt: now },
      );
    }
  }

  /** Tells Step Functions; the run's new status, or throws (409 when its wait has already ended). */
  private async answer(
    run: StoredWaitingRun,
    mesh: MeshKey,
    approve: boolean,
    actor: string,
    reason: string | undefined,
  ): Promise<'approved' | 'rejected'> {
    const client = await this.deps.clients.stepFunctions({
      accountId: mesh.accountId,
      region: regionOf(run.executionArn),
    });
    try {
      if (approve) {
        await client.send(
          new SendTaskSuccessCommand({
            taskToken: run.taskToken,
            output: JSON.stringify({
              decision: 'approved',
              decidedBy: actor,
              reason: reason ?? '',
            }),
          }),
        );
        return 'approved';
      }
      await client.send(
        new SendTaskFailureCommand({
          taskToken: run.taskToken,
          error: APPROVAL_REJECTED_ERROR,
          cause: `Rejected by ${actor}${reason ? `: ${reason}` : ''}`,
        }),
      );
      return 'rejected';
    } catch (error) {
      const name = (error as Error).name;
      if (ENDED_WAIT_ERRORS.has(name)) {
        await this.deps.store.finish(mesh, run.executionName, {
          status: 'expired',
        });
        throw new ConflictError(
          `Run ${run.executionName} no longer waits at the approval gate (Step Functions: ${name})`,
        );
      }
      throw error;
    }
  }
}

function describe(run: StoredWaitingRun | undefined, now: number): string {
  if (!run) return 'unknown';
  if (run.status === 'waiting' && run.expiresAt <= now) return 'expired';
  if (run.status === 'deciding') return 'another decision is being made';
  return run.decidedBy ? `${run.status} by ${run.decidedBy}` : run.status;
}

/** The region of an execution ARN, `arn:aws:states:<region>:<account>:execution:...`. */
function regionOf(executionArn: string): string {
  return executionArn.split(':')[3];
}
