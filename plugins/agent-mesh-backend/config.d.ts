import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Agent Mesh backend plugin. Every key is optional. */
  agentMesh?: {
    /** How each mesh's snapshot is refreshed from AWS by the Backstage scheduler. */
    refresh?: {
      /**
       * Time between two refreshes of a mesh's snapshot. Page views never call AWS; they read the snapshot.
       * A duration object such as `{ minutes: 1 }`, a string such as `1m`, or ISO 8601 such as `PT1M`.
       * @default { minutes: 1 }
       */
      frequency?: HumanDuration | string;
    };
    /** How AWS is reached. Credentials come from the standard `aws` config of `@backstage/integration-aws-node`. */
    aws?: {
      /**
       * Endpoint override per service, for the embedded default (`packages/local-aws`) or LocalStack.
       * Leave unset to reach the real AWS endpoints of each mesh's region.
       */
      endpoints?: {
        /** @default the regional AWS endpoint */
        stepFunctions?: string;
        /** @default the regional AWS endpoint */
        cloudWatch?: string;
        /** @default the AWS endpoint */
        costExplorer?: string;
        /** @default the regional AWS endpoint */
        dynamoDb?: string;
        /** @default the regional AWS endpoint */
        eventBridge?: string;
      };
    };
  };
}
