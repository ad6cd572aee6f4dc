import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  DescribeExecutionCommand,
  ExecutionListItem,
  GetExecutionHistoryCommand,
  HistoryEvent,
  ListExecutionsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-sfn';
import {
  isOneOf,
  RUN_STATUSES,
  parseExecutionName,
  RunEvent,
  RunStatus,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
  AwsTarget,
} from './awsClientFactory';

/** A run as Step Functions lists it, attributed to agent and lane by its name. */
export interface ExecutionRecord {
  name: string;
  executionArn: string;
  agent?: string;
  lane?: string;
  status: RunStatus;
  startMs: number;
  stopMs?: number;
}

/** The most events kept for one run; a conductor run has a few dozen. */
export const MAX_HISTORY_EVENTS = 2000;

/**
 * Which executions {@link StepFunctionsService.listNewExecutions} pages through: the state machine's, back to
 * `notBeforeMs` or the first page with one `isKnown` says is stored.
 *
 * @public
 */
export interface NewExecutionsQuery {
  stateMachineArn: string;
  notBeforeMs: number;
  isKnown(names: string[]): Promise<Set<string>>;
  /** Stops paging, with an `AbortError`, once aborted (the scheduler gave up on the refresh). */
  signal?: AbortSignal;
}

/**
 * The most `ListExecutions` pages one refresh reads for a mesh: 50,000 runs. A mesh that starts more runs than
 * that between two refreshes has its oldest new ones left unread.
 */
export const MAX_PAGES_PER_REFRESH = 50;

/**
 * Reads runs from Step Functions.
 *
 * @public
 */
export interface StepFunctionsService {
  /**
   * Lists executions newest first, page by page, until a page holds an execution `isKnown` says is stored
   * already, or reaches executions started before `notBeforeMs`. Cost grows with new runs, not with agents.
   */
  listNewExecutions(
    target: AwsTarget,
    options: NewExecutionsQuery,
  ): Promise<{ executions: ExecutionRecord[]; pages: number }>;
  /** Every execution currently RUNNING (usually one page). */
  listRunningExecutions(
    target: AwsTarget,
    stateMachineArn: string,
  ): Promise<ExecutionRecord[]>;
  describeExecution(
    target: AwsTarget,
    executionArn: string,
  ): Promise<ExecutionRecord>;
  /** The run's events, oldest first, without payloads (inputs, outputs and task parameters can hold task tokens). */
  getExecutionHistory(
    target: AwsTarget,
    executionArn: string,
  ): Promise<{ events: RunEvent[]; truncated: boolean }>;
  /** The tags of a state machine, by key. */
  stateMachineTags(
    target: AwsTarget,
    stateMachineArn: string,
  ): Promise<Record<string, string>>;
}

const PAGE_SIZE = 1000;

/** @public */
export class DefaultStepFunctionsService implements StepFunctionsService {
  static fromConfig(deps: { clients: AwsClientFactory }) {
    return new DefaultStepFunctionsService(deps.clients);
  }

  private constructor(private readonly clients: AwsClientFactory) {}

  async listNewExecutions(target: AwsTarget, options: NewExecutionsQuery) {
    const client = await this.clients.stepFunctions(target);
    const executions: ExecutionRecord[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      options.signal?.throwIfAborted();
      const page = await client.send(
        new ListExecutionsCommand({
          stateMachineArn: options.stateMachineArn,
          maxResults: PAGE_SIZE,
          nextToken,
        }),
        { abortSignal: options.signal },
      );
      pages += 1;
      const records = (page.executions ?? [])
        .map(toExecutionRecord)
        .filter((r): r is ExecutionRecord => Boolean(r));
      const recent = records.filter(r => r.startMs >= options.notBeforeMs);
      executions.push(...recent);
      const known = await options.isKnown(records.map(r => r.name));
      // The whole page is kept even past the first known run, so a run listed late still gets in.
      if (known.size > 0 || recent.length < records.length) {
        break;
      }
      nextToken = page.nextToken;
    } while (nextToken && pages < MAX_PAGES_PER_REFRESH);
    return { executions, pages };
  }

  async listRunningExecutions(target: AwsTarget, stateMachineArn: string) {
    const client = await this.clients.stepFunctions(target);
    const executions: ExecutionRecord[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListExecutionsCommand({
          stateMachineArn,
          statusFilter: 'RUNNING',
          maxResults: PAGE_SIZE,
          nextToken,
        }),
      );
      for (const item of page.executions ?? []) {
        const record = toExecutionRecord(item);
        if (record) executions.push(record);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return executions;
  }

  async describeExecution(target: AwsTarget, executionArn: string) {
    const client = await this.clients.stepFunctions(target);
    const out = await client.send(
      new DescribeExecutionCommand({ executionArn }),
    );
    const record = toExecutionRecord({
      executionArn: out.executionArn ?? executionArn,
      stateMachineArn: out.stateMachineArn,
      name: out.name,
      status: out.status,
      startDate: out.startDate,
      stopDate: out.stopDate,
    });
    if (!record) {
      throw new Error(
        `DescribeExecution of ${executionArn} answered no status or start date`,
      );
    }
    return record;
  }

  async getExecutionHistory(target: AwsTarget, executionArn: string) {
    const client = await this.clients.stepFunctions(target);
    const events: RunEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetExecutionHistoryCommand({
          executionArn,
          maxResults: 1000,
          reverseOrder: false,
          includeExecutionData: false,
          nextToken,
        }),
      );
      events.push(...(page.events ?? []).map(toRunEvent));
      nextToken = page.nextToken;
    } while (nextToken && events.length < MAX_HISTORY_EVENTS);
    return {
      events: events.slice(0, MAX_HISTORY_EVENTS),
      truncated: Boolean(nextToken) || events.length > MAX_HISTORY_EVENTS,
    };
  }

  async stateMachineTags(target: AwsTarget, stateMachineArn: string) {
    const client = await this.clients.stepFunctions(target);
    const out = await client.send(
      new ListTagsForResourceCommand({ resourceArn: stateMachineArn }),
    );
    const tags: Record<string, string> = {};
    for (const tag of out.tags ?? []) {
      if (tag.key !== undefined) tags[tag.key] = tag.value ?? '';
    }
    return tags;
  }
}

function toExecutionRecord(
  item: Partial<ExecutionListItem>,
): ExecutionRecord | undefined {
  if (
    !item.name ||
    !item.executionArn ||
    !item.startDate ||
    !isOneOf(RUN_STATUSES, item.status)
  ) {
    return undefined;
  }
  const attribution = parseExecutionName(item.name);
  return {
    name: item.name,
    executionArn: item.executionArn,
    agent: attribution?.agent,
    lane: attribution?.lane,
    status: item.status,
    startMs: new Date(item.startDate).getTime(),
    stopMs: item.stopDate ? new Date(item.stopDate).getTime() : undefined,
  };
}

/** Keeps what the portal shows of an event: type, state name, error and cause. Never inputs or outputs. */
export function toRunEvent(event: HistoryEvent): RunEvent {
  const stateName =
    event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
  const failure =
    event.executionFailedEventDetails ??
    event.executionTimedOutEventDetails ??
    event.executionAbortedEventDetails ??
    event.taskFailedEventDetails ??
    event.taskTimedOutEventDetails ??
    event.taskSubmitFailedEventDetails ??
    event.taskStartFailedEventDetails ??
    event.activityFailedEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.mapRunFailedEventDetails;
  const result: RunEvent = {
    id: event.id ?? 0,
    timestamp: new Date(event.timestamp ?? 0).toISOString(),
    type: event.type ?? 'Unknown',
  };
  if (event.previousEventId !== undefined)
    result.previousEventId = event.previousEventId;
  if (stateName) result.stateName = stateName;
  if (failure?.error) result.error = failure.error;
  if (failure?.cause) result.cause = failure.cause.slice(0, 2000);
  return result;
}

/**
 * Reads runs from Step Functions; replace it to read them another way.
 *
 * @public
 */
export const stepFunctionsServiceRef = createServiceRef<StepFunctionsService>({
  id: 'agent-mesh.step-functions',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef },
      factory: ({ clients }) =>
        DefaultStepFunctionsService.fromConfig({ clients }),
    }),
});
