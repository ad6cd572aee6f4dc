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
      /**
       * How many scheduled tasks the meshes are split into (`agent-mesh:refresh-snapshots:<i>of<n>`, each mesh
       * in one by a hash of its entity ref). Each task is locked on its own, so with several replicas they
       * refresh different shards at once; on one replica the shards share its bound of meshes read at a time.
       * @default 4
       * @visibility backend
       */
      shards?: number;
    };
    /** How mesh routes check their caller. */
    access?: {
      /**
       * How long one caller's outcome of the checks every mesh route makes (the mesh entity as the catalog shows it
       * to the caller, and the `agent-mesh.read` decision) is reused by that caller's next requests for the same
       * mesh, in this replica's memory. Mutating routes still ask for their own permission on every request. A
       * catalog or permission change reaches a caller's requests at most this late.
       * @default { seconds: 10 }
       * @visibility backend
       */
      cacheTtl?: HumanDuration | string;
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
      /**
       * Run histories read from Step Functions per mesh and minute, at most, counted in the plugin database across
       * replicas (each read is one or two GetExecutionHistory calls). Past it, a run's detail answers 429 with
       * Retry-After; runs whose history was read before are served from the database without counting.
       * @default 30
       * @visibility backend
       */
      historyReadsPerMinute?: number;
    };
    /** Cost Explorer use. Every Cost Explorer request is charged, so answers are kept for hours. */
    cost?: {
      /**
       * How long a mesh's Cost Explorer answers are kept (in the plugin database, shared by replicas) before
       * the refresh asks again. Page views never ask Cost Explorer. After a failed request it is asked again
       * after 15 minutes, or this long if shorter, when `maxRequestsPerDay` leaves room for it.
       * @default { hours: 24 }
       * @visibility backend
       */
      cacheTtl?: HumanDuration | string;
      /**
       * Cost Explorer requests per mesh per UTC day, at most, whatever the traffic and the replicas (the count is
       * kept in the plugin database). A fetch takes 3 requests (more only when Cost Explorer pages), so the
       * default allows one fetch a day and one retry of a fetch that failed at its first request.
       * @default 4
       * @visibility backend
       */
      maxRequestsPerDay?: number;
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
    /** Who decides approvals, and where approval requests come from. */
    approvals?: {
      /**
       * Groups (entity refs, e.g. `group:default/mesh-approvers`) whose members may decide promotion requests and
       * runs waiting at the approval gate, under the default permission policy of the local backend
       * (`packages/backend/src/permissions`). Nobody approves their own request, whatever the policy says.
       * @default []
       * @visibility backend
       */
      approverGroups?: string[];
      /**
       * Events topics carrying approval requests, besides every SQS topic of
       * `events.modules.awsSqs.awsSqsConsumingEventPublisher.topics` whose name starts with `agent-mesh-approvals`.
       * @default []
       * @visibility backend
       */
      topics?: string[];
    };
    /**
     * Lane promotions. Gates are evaluated from the latest snapshot plus the artifacts bucket: the snapshot is
     * younger than two refresh intervals (else "stale evidence"), enough successful runs and a low enough failure
     * rate in the agent's current lane, no alarm of the agent in ALARM, the required artifacts present, and the
     * mesh's monthly cost forecast within its budget (`agent-mesh.io/monthly-budget-usd`, else
     * `agentMesh.cost.budgets[tier]`). A mesh's environment is its `agent-mesh.io/environment` annotation;
     * a mesh without it is treated as `prod`, the strictest.
     */
    promotion?: {
      /** Gate thresholds per environment; a key left out keeps its default. */
      gates?: {
        /**
         * Gates of a mesh whose `agent-mesh.io/environment` is `dev`.
         * @visibility backend
         */
        dev?: {
          /**
           * Succeeded runs of the agent in its current lane within the snapshot's window (`agentMesh.runs.window`), at least.
           * @default 3
           */
          minSuccessfulRuns?: number;
          /**
           * (failed + timed-out) / finished runs of the agent in its current lane, at most: a fraction from 0 to 1.
           * @default 0.25
           */
          maxFailureRate?: number;
          /**
           * Object names that must exist under `evidence/<agent>/` in the mesh's artifacts bucket.
           * @default ['evaluation-report.json']
           */
          requiredArtifacts?: string[];
        };
        /**
         * Gates of a mesh whose `agent-mesh.io/environment` is `staging`.
         * @visibility backend
         */
        staging?: {
          /**
           * Succeeded runs of the agent in its current lane within the snapshot's window (`agentMesh.runs.window`), at least.
           * @default 10
           */
          minSuccessfulRuns?: number;
          /**
           * (failed + timed-out) / finished runs of the agent in its current lane, at most: a fraction from 0 to 1.
           * @default 0.1
           */
          maxFailureRate?: number;
          /**
           * Object names that must exist under `evidence/<agent>/` in the mesh's artifacts bucket.
           * @default ['evaluation-report.json', 'change-review.md']
           */
          requiredArtifacts?: string[];
        };
        /**
         * Gates of a mesh whose `agent-mesh.io/environment` is `prod` (and of a mesh without that annotation, which is treated as `prod`, the strictest).
         * @visibility backend
         */
        prod?: {
          /**
           * Succeeded runs of the agent in its current lane within the snapshot's window (`agentMesh.runs.window`), at least.
           * @default 20
           */
          minSuccessfulRuns?: number;
          /**
           * (failed + timed-out) / finished runs of the agent in its current lane, at most: a fraction from 0 to 1.
           * @default 0.05
           */
          maxFailureRate?: number;
          /**
           * Object names that must exist under `evidence/<agent>/` in the mesh's artifacts bucket.
           * @default ['evaluation-report.json', 'change-review.md']
           */
          requiredArtifacts?: string[];
        };
      };
      /** The two-person rule. */
      approvals?: {
        /**
         * Per environment, the lanes whose promotion needs a second person: the promotion answers 202 with a
         * pending request that someone else holding `agent-mesh.approval.decide` approves. The requester can never
         * approve their own request. Demotions never need a second person.
         * @visibility backend
         */
        secondPerson?: {
          /** @default [] */
          dev?: Array<'dry_run' | 'execute'>;
          /** @default [] */
          staging?: Array<'dry_run' | 'execute'>;
          /** @default ['execute'] */
          prod?: Array<'dry_run' | 'execute'>;
        };
        /**
         * How long a promotion request waits for a decision before it expires (a scheduled task, scope global,
         * expires it; reads and decisions expire it too).
         * @default { hours: 24 }
         * @visibility backend
         */
        requestLifetime?: HumanDuration | string;
      };
    };
    /**
     * The AWS accounts, and in each the regions, whose meshes this Backstage reads and changes: a catalog entity
     * naming any other account gets a panel error saying so, and no AWS call is made for it. The accounts of
     * `aws.accounts` (`@backstage/integration-aws-node`) are allowed too, in every region.
     * @default none; but when every `agentMesh.aws.endpoints` service is overridden and there is no `aws`
     * config (the embedded default, LocalStack), any account
     */
    accounts?: Array<{
      /** The 12-digit account id. */
      accountId: string;
      /**
       * The regions of the account meshes may be in.
       * @default every region
       */
      regions?: string[];
    }>;
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
        /**
         * The artifacts buckets' S3 endpoint (the embedded default serves it with s3rver). When set, clients use
         * path-style addressing.
         * @default the regional AWS endpoint
         * @visibility backend
         */
        s3?: string;
      };
    };
  };
}
