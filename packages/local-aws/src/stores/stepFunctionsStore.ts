/** The statuses `ListExecutions` can filter on. */
export const EXECUTION_STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
] as const;

export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** One step of the Step Functions history, as `GetExecutionHistory` returns it (timestamp in epoch ms). */
export interface HistoryEvent {
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

/**
 * One execution. Runs of the living world carry their real history; seeded (past) runs carry `path`, the
 * way they went through the conductor, from which their history is rebuilt when asked.
 */
export interface ExecutionRecord {
  name: string;
  startMs: number;
  stopMs?: number;
  status: ExecutionStatus;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  path?: string;
  events?: HistoryEvent[];
}

export interface StateMachineRecord {
  name: string;
  arn: string;
  region: string;
  account: string;
  meshId: string;
  definition: string;
  roleArn: string;
  creationDate: number;
  /** The resource tags (`ListTagsForResource`), by key. */
  tags: Readonly<Record<string, string>>;
  /** Executions ordered by start time, oldest first. */
  executions: ExecutionRecord[];
  /** The same executions by status, each ordered by start time. */
  byStatus: Map<ExecutionStatus, ExecutionRecord[]>;
  byName: Map<string, ExecutionRecord>;
}

export function stateMachineArn(
  region: string,
  account: string,
  name: string,
): string {
  return `arn:aws:states:${region}:${account}:stateMachine:${name}`;
}

export function executionArn(
  machine: StateMachineRecord,
  name: string,
): string {
  return `arn:aws:states:${machine.region}:${machine.account}:execution:${machine.name}:${name}`;
}

/** Reads `arn:aws:states:<region>:<account>:execution:<machine>:<name>`. */
export function parseExecutionArn(
  arn: string,
):
  | { region: string; account: string; machine: string; name: string }
  | undefined {
  const match =
    /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):execution:([^:]+):([^:]+)$/.exec(
      arn,
    );
  return match
    ? { region: match[1], account: match[2], machine: match[3], name: match[4] }
    : undefined;
}

/**
 * State machines and their executions, kept with indexes so that a page of `ListExecutions` (newest first,
 * by status or not) costs a binary search and the page, whatever the number of executions.
 */
export class StepFunctionsStore {
  private readonly machines = new Map<string, StateMachineRecord>();

  addStateMachine(input: {
    name: string;
    region: string;
    account: string;
    meshId: string;
    definition: string;
    creationDate: number;
    tags?: Readonly<Record<string, string>>;
  }): StateMachineRecord {
    const arn = stateMachineArn(input.region, input.account, input.name);
    const record: StateMachineRecord = {
      ...input,
      tags: { ...input.tags },
      arn,
      roleArn: `arn:aws:iam::${input.account}:role/${input.name}-role`,
      executions: [],
      byStatus: new Map(EXECUTION_STATUSES.map(s => [s, []])),
      byName: new Map(),
    };
    this.machines.set(arn, record);
    return record;
  }

  removeMesh(meshId: string): void {
    for (const [arn, machine] of this.machines) {
      if (machine.meshId === meshId) this.machines.delete(arn);
    }
  }

  get(arn: string): StateMachineRecord | undefined {
    return this.machines.get(arn);
  }

  /** The state machines of a region, by name. */
  list(region: string): StateMachineRecord[] {
    return [...this.machines.values()]
      .filter(m => m.region === region)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  all(): StateMachineRecord[] {
    return [...this.machines.values()];
  }

  addExecution(machine: StateMachineRecord, execution: ExecutionRecord): void {
    if (machine.byName.has(execution.name)) {
      throw new Error(`Execution ${execution.name} already exists`);
    }
    machine.byName.set(execution.name, execution);
    insertByStart(machine.executions, execution);
    insertByStart(machine.byStatus.get(execution.status)!, execution);
  }

  /** Moves an execution to a new status, keeping the status index ordered. */
  setStatus(
    machine: StateMachineRecord,
    execution: ExecutionRecord,
    status: ExecutionStatus,
  ): void {
    if (execution.status === status) return;
    removeByStart(machine.byStatus.get(execution.status)!, execution);
    execution.status = status;
    insertByStart(machine.byStatus.get(status)!, execution);
  }

  /**
   * A page of executions, newest first. `after` is the last execution of the previous page.
   */
  page(
    machine: StateMachineRecord,
    status: ExecutionStatus | undefined,
    limit: number,
    after?: { startMs: number; name: string },
  ): { items: ExecutionRecord[]; more: boolean } {
    const list = status ? machine.byStatus.get(status)! : machine.executions;
    let index = list.length - 1;
    if (after) {
      const position = indexOf(list, after.startMs, after.name);
      index =
        position >= 0 ? position - 1 : lowerBound(list, after.startMs) - 1;
    }
    const items: ExecutionRecord[] = [];
    for (; index >= 0 && items.length < limit; index--) items.push(list[index]);
    return { items, more: index >= 0 };
  }
}

/** The first index whose start is >= startMs. */
function lowerBound(list: ExecutionRecord[], startMs: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].startMs < startMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexOf(
  list: ExecutionRecord[],
  startMs: number,
  name: string,
): number {
  for (
    let i = lowerBound(list, startMs);
    i < list.length && list[i].startMs === startMs;
    i++
  ) {
    if (list[i].name === name) return i;
  }
  return -1;
}

function insertByStart(
  list: ExecutionRecord[],
  execution: ExecutionRecord,
): void {
  const last = list[list.length - 1];
  if (!last || last.startMs <= execution.startMs) {
    list.push(execution);
    return;
  }
  let lo = lowerBound(list, execution.startMs);
  while (lo < list.length && list[lo].startMs === execution.startMs) lo++;
  list.splice(lo, 0, execution);
}

function removeByStart(
  list: ExecutionRecord[],
  execution: ExecutionRecord,
): void {
  for (let i = lowerBound(list, execution.startMs); i < list.length; i++) {
    if (list[i] === execution) {
      list.splice(i, 1);
      return;
    }
    if (list[i].startMs !== execution.startMs) return;
  }
}
