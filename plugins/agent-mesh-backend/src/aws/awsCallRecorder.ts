import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * Counts the HTTP requests the plugin's AWS clients send, by `Service.Operation`. A debug hook: the
 * refresh logs its calls at debug level, and the benchmark reads the counts in process. It is never
 * exposed through the public API.
 *
 * @public
 */
export interface AwsCallRecorder {
  record(service: string, operation: string): void;
  /** Calls so far, by `Service.Operation`. */
  counts(): Record<string, number>;
}

/** Keeps the counts in memory, per backend process. @public */
export class InMemoryAwsCallRecorder implements AwsCallRecorder {
  private readonly byOperation = new Map<string, number>();

  record(service: string, operation: string): void {
    const key = `${service}.${operation}`;
    this.byOperation.set(key, (this.byOperation.get(key) ?? 0) + 1);
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.byOperation);
  }
}

/** Calls made between two `counts()` readings, without zero entries. */
export function callsBetween(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) {
      result[key] = delta;
    }
  }
  return result;
}

/**
 * The recorder of AWS calls; replace it to forward counts to your metrics system.
 *
 * @public
 */
export const awsCallRecorderServiceRef = createServiceRef<AwsCallRecorder>({
  id: 'agent-mesh.aws-call-recorder',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => new InMemoryAwsCallRecorder(),
    }),
});
