import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Agent Mesh backend plugin. Every key is optional. */
  agentMesh?: {
    /** How each mesh's snapshot is refreshed from AWS by the Backstage scheduler. */
    refresh?: {
      /**
       * Time between two refreshes of every mesh's snapshot. The task is scheduled with scope `global`, so it
       * runs once per interval whatever the number of backend replicas. Page views never call AWS; they read
       * the snapshot. A duration object such as `{ minutes: 1 }`, a string such as `1m`, or ISO 8601 such as `PT1M`.
       * @default { minutes: 1 }
       * @visibility backend
       */
      frequency?: HumanDuration | string;
      /**
       * How long one refresh of all meshes may run before the scheduler abandons it.
       * @default { minutes: 5 }
       * @visibility backend
       */
      timeout?: HumanDuration | string;
    };
    /** How runs are kept. */
    runs?: {
      /**
       * The window that run counts and failure rates in a snapshot cover.
       * @default { hours: 24 }
       * @visibility backend
       */
      window?: HumanDuration | string;
      /**
       * How far back the first refresh of a mesh (or one after a long outage) reads runs from Step Functions.
       * Later refreshes read only runs newer than the ones stored.
       * @default { hours: 24 }
       * @visibility backend
       */
      backfill?: HumanDuration | string;
      /**
       * Runs, with their kept event histories, are deleted from the plugin database after this long.
       * Must be at least `agentMesh.runs.window`.
       * @default { days: 30 }
       * @visibility backend
       */
      retention?: HumanDuration | string;
    };
    /** Cost Explorer use. Every Cost Explorer request is charged, so answers are kept for hours. */
    cost?: {
      /**
       * How long a mesh's Cost Explorer answers are kept (in the plugin database, shared by replicas) before
       * the refresh asks again. Page views never ask Cost Explorer. After a failed request it is asked again
       * after 15 minutes, or this long if shorter.
       * @default { hours: 6 }
       * @visibility backend
       */
      cacheTtl?: HumanDuration | string;
      /**
       * Monthly budget in USD per tier, shown against the month-to-date cost.
       * @visibility backend
       */
      budgets?: {
        /** @default 100 */
        small?: number;
        /** @default 500 */
        medium?: number;
        /** @default 1000 */
        large?: number;
      };
    };
    /**
     * How AWS is reached. Credentials per account come from the standard `aws` config of
     * `@backstage/integration-aws-node` (`aws.mainAccount`, `aws.accounts[]`). When an endpoint below is
     * overridden and there is no `aws` config at all, that service gets static local credentials, which is
     * what the embedded default and LocalStack accept.
     */
    aws?: {
      /**
       * Endpoint override per service, for the embedded default (`packages/local-aws`) or LocalStack.
       * Leave unset to reach the real AWS endpoints of each mesh's region.
       * @visibility backend
       */
      endpoints?: {
        /**
         * @default the regional AWS endpoint
         * @visibility backend
         */
        stepFunctions?: string;
        /**
         * @default the regional AWS endpoint
         * @visibility backend
         */
        cloudWatch?: string;
        /**
         * @default the AWS endpoint (us-east-1)
         * @visibility backend
         */
        costExplorer?: string;
        /**
         * @default the regional AWS endpoint
         * @visibility backend
         */
        dynamoDb?: string;
        /**
         * @default the regional AWS endpoint
         * @visibility backend
         */
        eventBridge?: string;
      };
    };
  };
}
