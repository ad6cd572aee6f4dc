import type {
  MetricsService,
  MetricsServiceCounter,
} from '@backstage/backend-plugin-api/alpha';

/** The counter of the HTTP requests the plugin's AWS clients send. */
export const AWS_CALLS_METRIC = 'agent_mesh.aws.calls.count';

/** The attributes of one AWS request. */
export type AwsCallAttributes = {
  /** The AWS service, e.g. `StepFunctions`, `CloudWatch`, `DynamoDB`. */
  service: string;
  /** The API operation, e.g. `ListExecutions`, `BatchGetItem`. */
  operation: string;
  result: 'ok' | 'error';
  /** The error's name, when the request failed (see {@link errorType}). */
  'error.type'?: string;
};

export type AwsCallCounter = MetricsServiceCounter<AwsCallAttributes>;

export function createAwsCallCounter(metrics: MetricsService): AwsCallCounter {
  return metrics.createCounter(AWS_CALLS_METRIC, {
    description:
      'HTTP requests sent to AWS by the agent-mesh plugin, each attempt of a retried call counted',
    unit: '{call}',
  });
}

/**
 * The name of an error as a bounded metric attribute: the SDK's error name (`ThrottlingException`,
 * `AccessDeniedException`, `TimeoutError`), else a Node system error's code (`ECONNREFUSED`), else `Error`.
 */
export function errorType(error: unknown): string {
  if (error instanceof Error && error.name && error.name !== 'Error') {
    return error.name;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code ? code : 'Error';
}

/** The part of the SDK's middleware stack the counter uses, the same for every client. */
interface CountableStack {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'deserialize'; priority: 'high'; name: string },
  ): void;
}

/**
 * Adds a middleware to an SDK v3 client that counts every request it sends, by service and operation, with
 * its result (and the error's name when it failed). The deserialize step runs once per attempt, inside the
 * retry middleware, so retries are counted as the requests they are, and a request never sent (a client
 * refused for its account, credentials not found) is not counted.
 */
export function countAwsCalls(
  client: { middlewareStack: unknown },
  service: string,
  counter: AwsCallCounter,
): void {
  (client.middlewareStack as CountableStack).add(
    (next, context) => async args => {
      const operation = (context.commandName ?? 'Unknown').replace(
        /Command$/,
        '',
      );
      try {
        const output = await next(args);
        counter.add(1, { service, operation, result: 'ok' });
        return output;
      } catch (error) {
        counter.add(1, {
          service,
          operation,
          result: 'error',
          'error.type': errorType(error),
        });
        throw error;
      }
    },
    // High priority: outside the SDK's deserializer, so a service error reaches it parsed, with its name.
    { step: 'deserialize', priority: 'high', name: 'agentMeshCallCounter' },
  );
}
