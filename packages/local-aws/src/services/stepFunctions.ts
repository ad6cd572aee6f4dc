import { AwsServiceError, validationError } from '../server/awsServiceError';
import { OperationTable } from '../server/awsJsonServer';
import { RequestContext } from '../server/requestContext';
import {
  EXECUTION_STATUSES,
  ExecutionRecord,
  ExecutionStatus,
  executionArn,
  HistoryEvent,
  parseExecutionArn,
  stateMachineArn,
  StateMachineRecord,
  StepFunctionsStore,
} from '../stores/stepFunctionsStore';
import {
  decodeToken,
  encodeToken,
  epochSeconds,
  pageSize,
  requireString,
} from './paging';

/** What the Step Functions operations need from the world that runs the executions. */
export interface StepFunctionsBackend {
  readonly store: StepFunctionsStore;
  /** Starts an execution of `machine` (already checked to be new) and returns its record. */
  startExecution(
    machine: StateMachineRecord,
    name: string,
    input: string,
  ): ExecutionRecord;
  /** The history of an execution, oldest first. */
  historyOf(
    machine: StateMachineRecord,
    execution: ExecutionRecord,
  ): HistoryEvent[];
  sendTaskSuccess(taskToken: string, output: string): void;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(taskToken: string): void;
}

const TARGET = 'AWSStepFunctions';
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
const STATE_MACHINE_ARN =
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]+$/;
const ACTIVITY_ARN =
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:[A-Za-z0-9_-]+$/;

/** The Step Functions operations (AWS JSON 1.0, `AWSStepFunctions.*`). */
export function stepFunctionsOperations(
  backend: StepFunctionsBackend,
): OperationTable {
  const { store } = backend;

  const machineOf = (
    input: Record<string, unknown>,
    context: RequestContext,
  ) => {
    const arn = requireString(input, 'stateMachineArn');
    if (!STATE_MACHINE_ARN.test(arn)) {
      throw new AwsServiceError(
        'InvalidArn',
        `Invalid Arn: 'Resource type not valid in this context: ${arn}'`,
      );
    }
    const machine = store.get(arn);
    if (!machine || machine.region !== context.region) {
      throw new AwsServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${arn}'`,
      );
    }
    return machine;
  };

  const executionOf = (
    input: Record<string, unknown>,
    context: RequestContext,
  ) => {
    const arn = requireString(input, 'executionArn');
    const parsed = parseExecutionArn(arn);
    if (!parsed) {
      throw new AwsServiceError(
        'InvalidArn',
        `Invalid Arn: 'Resource type not valid in this context: ${arn}'`,
      );
    }
    const machine = store.get(
      stateMachineArn(parsed.region, parsed.account, parsed.machine),
    );
    const execution = machine?.byName.get(parsed.name);
    if (!machine || !execution || machine.region !== context.region) {
      throw new AwsServiceError(
        'ExecutionDoesNotExist',
        `Execution Does Not Exist: '${arn}'`,
      );
    }
    return { machine, execution };
  };

  const listItem = (machine: StateMachineRecord, e: ExecutionRecord) => ({
    executionArn: executionArn(machine, e.name),
    stateMachineArn: machine.arn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startMs),
    ...(e.stopMs !== undefined ? { stopDate: epochSeconds(e.stopMs) } : {}),
  });

  return {
    [`${TARGET}.ListStateMachines`]: async (input, context) => {
      const limit = pageSize(input.maxResults, 100, 1000, 'maxResults');
      const after = decodeToken<{ name: string }>(
        input.nextToken,
        'InvalidToken',
        v => typeof v?.name === 'string',
      );
      const machines = store
        .list(context.region)
        .filter(m => !after || m.name > after.name);
      const page = machines.slice(0, limit);
      return {
        stateMachines: page.map(m => ({
          stateMachineArn: m.arn,
          name: m.name,
          type: 'STANDARD',
          creationDate: epochSeconds(m.creationDate),
        })),
        ...(machines.length > limit
          ? { nextToken: encodeToken({ name: page[page.length - 1].name }) }
          : {}),
      };
    },

    [`${TARGET}.DescribeStateMachine`]: async (input, context) => {
      const m = machineOf(input, context);
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: m.definition,
        roleArn: m.roleArn,
        type: 'STANDARD',
        creationDate: epochSeconds(m.creationDate),
        loggingConfiguration: {
          level: 'ALL',
          includeExecutionData: false,
          destinations: [
            {
              cloudWatchLogsLogGroup: {
                logGroupArn: `arn:aws:logs:${m.region}:${m.account}:log-group:/aws/vendedlogs/states/${m.name}:*`,
              },
            },
          ],
        },
        tracingConfiguration: { enabled: true },
      };
    },

    [`${TARGET}.ListExecutions`]: async (input, context) => {
      const machine = machineOf(input, context);
      const status = input.statusFilter as ExecutionStatus | undefined;
      if (status !== undefined && !EXECUTION_STATUSES.includes(status)) {
        throw validationError(
          `1 validation error detected: Value '${status}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${EXECUTION_STATUSES.join(
            ', ',
          )}]`,
        );
      }
      const limit = pageSize(input.maxResults, 100, 1000, 'maxResults');
      const after = decodeToken<{ s: number; n: string; f?: string }>(
        input.nextToken,
        'InvalidToken',
        v => typeof v?.s === 'number' && typeof v?.n === 'string',
      );
      if (after && (after.f ?? undefined) !== status) {
        throw new AwsServiceError(
          'InvalidToken',
          'Invalid Token: the token belongs to another statusFilter',
        );
      }
      const page = store.page(
        machine,
        status,
        limit,
        after && { startMs: after.s, name: after.n },
      );
      const last = page.items[page.items.length - 1];
      return {
        executions: page.items.map(e => listItem(machine, e)),
        ...(page.more && last
          ? {
              nextToken: encodeToken({
                s: last.startMs,
                n: last.name,
                f: status,
              }),
            }
          : {}),
      };
    },

    [`${TARGET}.DescribeExecution`]: async (input, context) => {
      const { machine, execution: e } = executionOf(input, context);
      return {
        ...listItem(machine, e),
        input: e.input ?? backendInput(e),
        inputDetails: { included: true },
        ...(e.output !== undefined
          ? { output: e.output, outputDetails: { included: true } }
          : {}),
        ...(e.error !== undefined ? { error: e.error } : {}),
        ...(e.cause !== undefined ? { cause: e.cause } : {}),
      };
    },

    [`${TARGET}.GetExecutionHistory`]: async (input, context) => {
      const { machine, execution } = executionOf(input, context);
      const limit = pageSize(input.maxResults, 100, 1000, 'maxResults');
      const after = decodeToken<{ i: number; r: boolean }>(
        input.nextToken,
        'InvalidToken',
        v => Number.isInteger(v?.i),
      );
      const reverse = Boolean(input.reverseOrder);
      if (after && after.r !== reverse) {
        throw new AwsServiceError(
          'InvalidToken',
          'Invalid Token: the token belongs to another order',
        );
      }
      const all = backend.historyOf(machine, execution);
      const ordered = reverse ? [...all].reverse() : all;
      const start = after?.i ?? 0;
      const page = ordered.slice(start, start + limit);
      const includeData = input.includeExecutionData !== false;
      return {
        events: page.map(e => toWire(e, includeData)),
        ...(start + limit < ordered.length
          ? { nextToken: encodeToken({ i: start + limit, r: reverse }) }
          : {}),
      };
    },

    [`${TARGET}.StartExecution`]: async (input, context) => {
      const machine = machineOf(input, context);
      const name =
        typeof input.name === 'string' ? input.name : crypto.randomUUID();
      if (!NAME_PATTERN.test(name)) {
        throw new AwsServiceError('InvalidName', `Invalid Name: '${name}'`);
      }
      const text = typeof input.input === 'string' ? input.input : '{}';
      try {
        JSON.parse(text);
      } catch {
        throw new AwsServiceError(
          'InvalidExecutionInput',
          `Invalid State Machine Execution Input: '${text}'`,
        );
      }
      const existing = machine.byName.get(name);
      if (existing) {
        // Step Functions treats a repeated start with the same name and input of a running execution as idempotent.
        if (existing.status === 'RUNNING' && existing.input === text) {
          return {
            executionArn: executionArn(machine, name),
            startDate: epochSeconds(existing.startMs),
          };
        }
        throw new AwsServiceError(
          'ExecutionAlreadyExists',
          `Execution Already Exists: '${executionArn(machine, name)}'`,
        );
      }
      const execution = backend.startExecution(machine, name, text);
      return {
        executionArn: executionArn(machine, name),
        startDate: epochSeconds(execution.startMs),
      };
    },

    [`${TARGET}.SendTaskSuccess`]: async input => {
      const token = requireString(input, 'taskToken');
      const output = requireString(input, 'output');
      try {
        JSON.parse(output);
      } catch {
        throw new AwsServiceError(
          'InvalidOutput',
          `Invalid Output: '${output}'`,
        );
      }
      backend.sendTaskSuccess(token, output);
      return {};
    },

    [`${TARGET}.SendTaskFailure`]: async input => {
      const token = requireString(input, 'taskToken');
      backend.sendTaskFailure(
        token,
        input.error as string | undefined,
        input.cause as string | undefined,
      );
      return {};
    },

    [`${TARGET}.ListTagsForResource`]: async (input, context) => {
      const arn = requireString(input, 'resourceArn');
      if (!STATE_MACHINE_ARN.test(arn) && !ACTIVITY_ARN.test(arn)) {
        throw new AwsServiceError(
          'InvalidArn',
          `Invalid Arn: 'Resource type not valid in this context: ${arn}'`,
        );
      }
      const machine = store.get(arn);
      if (!machine || machine.region !== context.region) {
        // Activities are not served, so an activity ARN names nothing here, as an unknown one on AWS.
        const error = new AwsServiceError(
          'ResourceNotFound',
          `Resource not found: '${arn}'`,
        );
        error.details = { resourceName: arn };
        throw error;
      }
      return {
        tags: Object.entries(machine.tags).map(([key, value]) => ({
          key,
          value,
        })),
      };
    },

    [`${TARGET}.SendTaskHeartbeat`]: async input => {
      backend.sendTaskHeartbeat(requireString(input, 'taskToken'));
      return {};
    },
  };
}

/** The input of a seeded execution, as the portal would have started it. */
function backendInput(e: ExecutionRecord): string {
  const agent = e.name.split('--')[0];
  return JSON.stringify({ agent, task: { kind: 'scheduled', run: e.name } });
}

function toWire(
  event: HistoryEvent,
  includeData: boolean,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    ...event,
    timestamp: epochSeconds(event.timestamp),
  };
  if (!includeData) {
    for (const [key, value] of Object.entries(wire)) {
      if (key.endsWith('EventDetails') && value && typeof value === 'object') {
        const {
          input: _i,
          output: _o,
          ...rest
        } = value as Record<string, unknown>;
        wire[key] = rest;
      }
    }
  }
  return wire;
}
