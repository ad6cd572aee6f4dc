import { AwsServiceError } from './awsServiceError';
import { isServiceName, SERVICES, ServiceName } from './services';

/** A fault to inject into one service's answers. */
export interface Fault {
  service: ServiceName;
  /**
   * `throttle`: the service's throttling error; `deny`: its access-denied error; `delay`: answer late;
   * `unprocessed` (DynamoDB `BatchGetItem` only): answer the first key of each table and return the others in
   * `UnprocessedKeys`, as DynamoDB does when throttling part of a batch.
   */
  kind: 'throttle' | 'deny' | 'delay' | 'unprocessed';
  /** Only this operation (e.g. `ListExecutions`); every operation of the service when absent. */
  operation?: string;
  /** For `delay`: milliseconds to wait before answering. */
  delayMs?: number;
  /** Only the next `count` matching calls; every call until cleared when absent. */
  count?: number;
}

/** Faults injected through the control API, applied before an operation runs. */
export class FaultInjector {
  private faults: Fault[] = [];

  add(input: unknown): Fault {
    const fault = parseFault(input);
    this.faults.push(fault);
    return fault;
  }

  /** Removes the faults of one service, or all. */
  clear(service?: ServiceName): void {
    this.faults = service ? this.faults.filter(f => f.service !== service) : [];
  }

  list(): Fault[] {
    return this.faults.map(f => ({ ...f }));
  }

  /**
   * Applies the faults matching a call: waits for delays, throws the first error fault, and returns the kinds
   * of the matching faults that change the answer instead (`unprocessed`), for the operation to apply.
   */
  async apply(
    service: ServiceName,
    operation: string,
  ): Promise<ReadonlySet<Fault['kind']>> {
    const matching = this.faults.filter(
      f => f.service === service && (!f.operation || f.operation === operation),
    );
    for (const fault of matching) {
      if (fault.count !== undefined) {
        fault.count -= 1;
        if (fault.count <= 0)
          this.faults = this.faults.filter(f => f !== fault);
      }
    }
    const delay = matching
      .filter(f => f.kind === 'delay')
      .reduce((sum, f) => sum + (f.delayMs ?? 0), 0);
    if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay));
    const error = matching.find(
      f => f.kind === 'throttle' || f.kind === 'deny',
    );
    const wire = SERVICES[service];
    if (error?.kind === 'throttle') {
      throw new AwsServiceError(
        wire.throttleCode,
        'Rate exceeded',
        wire.throttleStatus ?? 400,
        wire.throttleQueryCode,
      );
    }
    if (error?.kind === 'deny') {
      throw new AwsServiceError(
        wire.denyCode,
        `User: arn:aws:iam::000000000000:user/local is not authorized to perform: ${service}:${operation} (injected by local-aws)`,
        wire.denyStatus ?? 400,
        wire.denyQueryCode,
      );
    }
    return new Set(
      matching.filter(f => f.kind === 'unprocessed').map(f => f.kind),
    );
  }
}

function parseFault(input: unknown): Fault {
  const body = (input ?? {}) as Record<string, unknown>;
  if (!isServiceName(body.service)) {
    throw new TypeError(
      `service must be one of ${Object.keys(SERVICES).join(', ')}`,
    );
  }
  if (
    body.kind !== 'throttle' &&
    body.kind !== 'deny' &&
    body.kind !== 'delay' &&
    body.kind !== 'unprocessed'
  ) {
    throw new TypeError('kind must be throttle, deny, delay or unprocessed');
  }
  if (
    body.kind === 'unprocessed' &&
    (body.service !== 'dynamodb' ||
      (body.operation !== undefined && body.operation !== 'BatchGetItem'))
  ) {
    throw new TypeError(
      'unprocessed applies to the dynamodb service and its BatchGetItem operation only',
    );
  }
  if (
    body.kind === 'delay' &&
    !(typeof body.delayMs === 'number' && body.delayMs >= 0)
  ) {
    throw new TypeError('delay needs delayMs, a number of milliseconds >= 0');
  }
  if (
    body.count !== undefined &&
    !(Number.isInteger(body.count) && Number(body.count) > 0)
  ) {
    throw new TypeError('count must be a positive integer');
  }
  if (body.operation !== undefined && typeof body.operation !== 'string') {
    throw new TypeError('operation must be a string such as ListExecutions');
  }
  return {
    service: body.service,
    kind: body.kind,
    operation:
      body.kind === 'unprocessed'
        ? 'BatchGetItem'
        : (body.operation as string | undefined),
    delayMs: body.delayMs as number | undefined,
    count: body.count as number | undefined,
  };
}
