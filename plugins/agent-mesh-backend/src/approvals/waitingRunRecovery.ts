import { LoggerService } from '@backstage/backend-plugin-api';
import { GetExecutionHistoryCommand, HistoryEvent } from '@aws-sdk/client-sfn';
import { AwsClientFactory } from '../aws/awsClientFactory';
import { MeshTarget } from '../aws/meshTarget';
import { SnapshotStore } from '../database/SnapshotStore';
import { StoredWaitingRun, WaitingRunStore } from './WaitingRunStore';

/** The conductor workflow's approval state (infra-constructs `CONDUCTOR_STATES.requestApproval`). */
const REQUEST_APPROVAL_STATE = 'RequestApproval';
/** Runs looked at per mesh and refresh, so AWS calls stay bounded whatever the number of running runs. */
const RUNS_PER_REFRESH = 10;
/** How long a run found not waiting is left alone before it is looked at again. */
const RECHECK_AFTER_MS = 5 * 60_000;
/** The newest events read of a run: enough to see where it stands now. */
const HISTORY_EVENTS = 25;

/**
 * Finds runs waiting at the approval gate whose approval request never reached the plugin, from the runs'
 * execution history, so none waits unseen. The SQS module deletes what it reads even when nobody has subscribed
 * yet (a message read in the first moments of a backend start, before this plugin subscribes, is gone), and a
 * queue's messages can expire. Called after each mesh's refresh, for the running runs the refresh stored that
 * are not known to wait; the history's `TaskScheduled` event of `RequestApproval` holds the request, token
 * included, and never leaves the server.
 */
export class WaitingRunRecovery {
  private readonly checkedAt = new Map<string, number>();

  constructor(
    private readonly deps: {
      store: SnapshotStore;
      waitingRuns: WaitingRunStore;
      clients: AwsClientFactory;
      logger: LoggerService;
    },
  ) {}

  async recover(
    meshRef: string,
    target: MeshTarget,
    now: number,
  ): Promise<number> {
    const mesh = { accountId: target.accountId, meshId: target.meshId };
    const candidates: string[] = [];
    for (const run of await this.deps.store.openRuns(meshRef)) {
      if (candidates.length >= RUNS_PER_REFRESH) break;
      const key = `${meshRef}/${run.name}`;
      if (now - (this.checkedAt.get(key) ?? 0) < RECHECK_AFTER_MS) continue;
      if (await this.deps.waitingRuns.get(mesh, run.name)) continue;
      this.checkedAt.set(key, now);
      candidates.push(run.executionArn);
    }
    let found = 0;
    const client = await this.deps.clients.stepFunctions(target);
    for (const executionArn of candidates) {
      const page = await client.send(
        new GetExecutionHistoryCommand({
          executionArn,
          reverseOrder: true,
          maxResults: HISTORY_EVENTS,
          includeExecutionData: true,
        }),
      );
      const waiting = waitingRunFrom(page.events ?? [], executionArn, target);
      if (waiting && (await this.deps.waitingRuns.add(waiting))) {
        found += 1;
        this.deps.logger.info(
          `Run waits at the approval gate without its queued request; found in its history: ${target.meshId}/${waiting.executionName}`,
        );
      }
    }
    this.forgetOld(now);
    return found;
  }

  private forgetOld(now: number) {
    for (const [key, at] of this.checkedAt) {
      if (now - at >= RECHECK_AFTER_MS) this.checkedAt.delete(key);
    }
  }
}

/**
 * The waiting run a history (newest event first) shows, or undefined when the run's current state is not the
 * approval wait: the newest state entered must be RequestApproval, with its task scheduled and not ended.
 */
export function waitingRunFrom(
  newestFirst: HistoryEvent[],
  executionArn: string,
  target: MeshTarget,
): StoredWaitingRun | undefined {
  let scheduled: HistoryEvent | undefined;
  for (const event of newestFirst) {
    const type = event.type ?? '';
    if (
      /^Task(Succeeded|Failed|TimedOut|SubmitFailed|StartFailed)$/.test(type)
    ) {
      return undefined;
    }
    if (type === 'TaskScheduled') scheduled = event;
    if (type.endsWith('StateExited')) return undefined;
    if (type.endsWith('StateEntered')) {
      if (event.stateEnteredEventDetails?.name !== REQUEST_APPROVAL_STATE) {
        return undefined;
      }
      break;
    }
  }
  const details = scheduled?.taskScheduledEventDetails;
  if (!scheduled || !details?.parameters) return undefined;
  const detail = approvalDetail(details.parameters);
  if (!detail?.taskToken || !detail.agent) return undefined;
  const requestedAt = scheduled.timestamp?.getTime() ?? Date.now();
  const lifetimeSeconds =
    Number(detail.expiresInSeconds) ||
    Number(details.timeoutInSeconds) ||
    86_400;
  return {
    mesh: { accountId: target.accountId, meshId: target.meshId },
    executionName: executionArn.split(':').pop()!,
    executionArn,
    agent: String(detail.agent),
    lane: typeof detail.lane === 'string' ? detail.lane : undefined,
    verdict:
      typeof detail.review?.verdict === 'string'
        ? detail.review.verdict
        : undefined,
    taskToken: String(detail.taskToken),
    requestedAt,
    expiresAt: requestedAt + lifetimeSeconds * 1000,
    status: 'waiting',
  };
}

/** The approval request in PutEvents parameters: `Entries[0].Detail`, an object or its JSON. */
function approvalDetail(parameters: string): Record<string, any> | undefined {
  try {
    const entry = JSON.parse(parameters)?.Entries?.[0];
    const detail = entry?.Detail;
    return typeof detail === 'string' ? JSON.parse(detail) : detail;
  } catch {
    return undefined;
  }
}
