import { HistoryEvent } from '../stores/stepFunctionsStore';

type StateDefinition = Record<string, any>;

/** Every state of a definition by name, including the states inside Map and Parallel states. */
export function flattenStates(
  states: Record<string, StateDefinition>,
): Map<string, StateDefinition> {
  const out = new Map<string, StateDefinition>();
  const visit = (s: Record<string, StateDefinition>) => {
    for (const [name, state] of Object.entries(s)) {
      out.set(name, state);
      const inner = state.ItemProcessor ?? state.Iterator;
      if (inner?.States) visit(inner.States);
      for (const branch of state.Branches ?? []) visit(branch.States);
    }
  };
  visit(states);
  return out;
}

/** `arn:aws:states:::ecs:runTask.sync` → `{ resourceType: 'ecs', resource: 'runTask.sync' }`. */
export function taskResource(arn: string): {
  resourceType: string;
  resource: string;
} {
  const match = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):(.+)$/.exec(arn);
  if (match) return { resourceType: match[1], resource: match[2] };
  const lambda = /^arn:aws[a-z-]*:lambda:/.test(arn);
  return { resourceType: lambda ? 'lambda' : 'unknown', resource: arn };
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/**
 * Writes a Step Functions execution history in the event shapes `GetExecutionHistory` returns
 * (`ExecutionStarted`, `TaskStateEntered`, `TaskScheduled`, ..., `ExecutionFailed`).
 */
export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];

  constructor(
    private readonly states: Map<string, StateDefinition>,
    private readonly region: string,
  ) {}

  private push(
    timestamp: number,
    type: string,
    details: Record<string, unknown> = {},
  ): void {
    const id = this.events.length + 1;
    this.events.push({
      timestamp,
      type,
      id,
      previousEventId: id - 1,
      ...details,
    });
  }

  executionStarted(at: number, input: string, roleArn: string): void {
    this.push(at, 'ExecutionStarted', {
      executionStartedEventDetails: {
        input,
        inputDetails: { truncated: false },
        roleArn,
      },
    });
  }

  executionSucceeded(at: number, output: string): void {
    this.push(at, 'ExecutionSucceeded', {
      executionSucceededEventDetails: {
        output,
        outputDetails: { truncated: false },
      },
    });
  }

  executionFailed(at: number, error: string, cause: string): void {
    this.push(at, 'ExecutionFailed', {
      executionFailedEventDetails: { error, cause },
    });
  }

  executionAborted(at: number): void {
    this.push(at, 'ExecutionAborted', { executionAbortedEventDetails: {} });
  }

  stateEntered(at: number, name: string, input: unknown): void {
    const type = this.states.get(name)?.Type ?? 'Task';
    this.push(at, `${type}StateEntered`, {
      stateEnteredEventDetails: {
        name,
        input: json(input),
        inputDetails: { truncated: false },
      },
    });
    if (type === 'Map') {
      const itemsPath = String(this.states.get(name)?.ItemsPath ?? '$');
      let items: any = input;
      for (const key of itemsPath
        .replace(/^\$\.?/, '')
        .split('.')
        .filter(Boolean))
        items = items?.[key];
      this.push(at, 'MapStateStarted', {
        mapStateStartedEventDetails: {
          length: Array.isArray(items) ? items.length : 0,
        },
      });
    }
  }

  stateExited(at: number, name: string, output: unknown): void {
    const type = this.states.get(name)?.Type ?? 'Task';
    if (type === 'Map') this.push(at, 'MapStateSucceeded');
    if (type === 'Fail') return;
    this.push(at, `${type}StateExited`, {
      stateExitedEventDetails: {
        name,
        output: json(output),
        outputDetails: { truncated: false },
      },
    });
  }

  taskScheduled(at: number, name: string, parameters: unknown): void {
    const state = this.states.get(name) ?? {};
    const { resourceType, resource } = taskResource(
      String(state.Resource ?? ''),
    );
    this.push(at, 'TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType,
        resource,
        region: this.region,
        parameters: json(parameters),
        ...(state.TimeoutSeconds
          ? { timeoutInSeconds: state.TimeoutSeconds }
          : {}),
      },
    });
    this.push(at, 'TaskStarted', {
      taskStartedEventDetails: { resourceType, resource },
    });
  }

  taskSucceeded(at: number, name: string, output: unknown): void {
    const { resourceType, resource } = taskResource(
      String(this.states.get(name)?.Resource ?? ''),
    );
    this.push(at, 'TaskSucceeded', {
      taskSucceededEventDetails: {
        resourceType,
        resource,
        output: json(output),
        outputDetails: { truncated: false },
      },
    });
  }

  taskFailed(at: number, name: string, error: string, cause: string): void {
    const { resourceType, resource } = taskResource(
      String(this.states.get(name)?.Resource ?? ''),
    );
    if (error === 'States.Timeout') {
      this.push(at, 'TaskTimedOut', {
        taskTimedOutEventDetails: { resourceType, resource, error, cause },
      });
    } else {
      this.push(at, 'TaskFailed', {
        taskFailedEventDetails: { resourceType, resource, error, cause },
      });
    }
  }

  mapStateFailed(at: number): void {
    this.push(at, 'MapStateFailed');
  }

  mapIteration(
    at: number,
    kind: 'Started' | 'Succeeded' | 'Failed',
    name: string,
    index: number,
  ): void {
    this.push(at, `MapIteration${kind}`, {
      [`mapIteration${kind}EventDetails`]: { name, index },
    });
  }
}
