import { Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { AwsServiceError } from '../server/awsServiceError';
import { StoredEvent } from '../stores/eventStore';

/** A run waiting at the approval gate with its task token. */
export interface PendingApproval {
  taskToken: string;
  meshId: string;
  agent: string;
  lane: Lane | string;
  executionArn: string;
  executionName: string;
  requestedAt: number;
  expiresAt: number;
  status: 'waiting' | 'approved' | 'rejected' | 'failed' | 'timed_out';
  /** The approval-requested event that carried the token on the mesh bus. */
  event: StoredEvent;
}

interface Waiter {
  approval: PendingApproval;
  succeed(output: unknown): void;
  fail(error: Error): void;
}

/**
 * Task tokens of the runs waiting at the approval gate, answered by SendTaskSuccess / SendTaskFailure.
 * A token stays known after its wait ends, so a late answer gets TaskTimedOut as in Step Functions.
 */
export class ApprovalGate {
  private readonly waiters = new Map<string, Waiter>();

  wait(approval: PendingApproval, onAnswer: () => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiters.set(approval.taskToken, {
        approval,
        succeed: output => {
          onAnswer();
          resolve(output);
        },
        fail: error => {
          onAnswer();
          reject(error);
        },
      });
    });
  }

  /** Runs waiting now, oldest request first. */
  waiting(): PendingApproval[] {
    return [...this.waiters.values()]
      .map(w => w.approval)
      .filter(a => a.status === 'waiting')
      .sort((a, b) => a.requestedAt - b.requestedAt);
  }

  get(taskToken: string): PendingApproval | undefined {
    return this.waiters.get(taskToken)?.approval;
  }

  succeed(taskToken: string, output: string): void {
    const waiter = this.open(taskToken);
    const parsed = JSON.parse(output);
    waiter.approval.status =
      parsed?.decision === 'approved' ? 'approved' : 'rejected';
    waiter.succeed(parsed);
  }

  fail(taskToken: string, error = '', cause = ''): void {
    const waiter = this.open(taskToken);
    waiter.approval.status = 'failed';
    const failure = new Error(cause);
    failure.name = error;
    waiter.fail(failure);
  }

  heartbeat(taskToken: string): void {
    this.open(taskToken);
  }

  /** Marks a wait as ended by its timeout. */
  timedOut(taskToken: string): void {
    const waiter = this.waiters.get(taskToken);
    if (waiter && waiter.approval.status === 'waiting')
      waiter.approval.status = 'timed_out';
  }

  /** Ends every wait (the world is closing or resetting). */
  closeAll(): void {
    for (const waiter of this.waiters.values()) {
      if (waiter.approval.status === 'waiting') {
        waiter.approval.status = 'failed';
        const error = new Error('local-aws is shutting down');
        error.name = 'States.Runtime';
        waiter.fail(error);
      }
    }
    this.waiters.clear();
  }

  private open(taskToken: string): Waiter {
    const waiter = this.waiters.get(taskToken);
    if (!waiter)
      throw new AwsServiceError(
        'InvalidToken',
        `Invalid Token: '${taskToken.slice(0, 40)}'`,
      );
    if (waiter.approval.status !== 'waiting') {
      throw new AwsServiceError(
        'TaskTimedOut',
        'Task Timed Out: Provided task does not exist anymore',
      );
    }
    return waiter;
  }
}
