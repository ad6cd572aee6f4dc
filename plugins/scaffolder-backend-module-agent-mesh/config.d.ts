import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Agent Mesh scaffolder actions. */
  agentMeshScaffolder?: {
    /**
     * Where generated repositories get `@agent-mesh/infra-constructs` (and the `@agent-mesh/*` packages it
     * depends on). Without this block they get a semver range of the constructs version this Backstage validated
     * them with, installed from whatever registry the adopter's `.npmrc` maps the `@agent-mesh` scope to.
     */
    packages?: {
      /**
       * A folder holding `npm pack` tarballs of those packages (made by `yarn workspace
       * @agent-mesh/plugin-scaffolder-backend-module-agent-mesh-local pack:workspace`). When set, the
       * `agent-mesh:packages:resolve` action copies them into the generated repository's `vendor/` folder and
       * points its dependencies there, so it installs on a machine that reaches only the public registry.
       * Relative paths are resolved against the backend's working directory.
       */
      tarballDirectory?: string;
      /**
       * The registry your organisation publishes `@agent-mesh/*` to. When a generated repository gets a version
       * range (no tarballs), `agent-mesh:packages:resolve` writes `@agent-mesh:registry=<this URL>` into its
       * `.npmrc`, so npm never looks for the scope on another registry, and `agent-mesh:packages:lock` writes its
       * `package-lock.json` through it. An http(s) URL only; credentials belong in user or CI `.npmrc` files.
       * One of this and `tarballDirectory` (with its tarballs present) is required: without either,
       * `agent-mesh:packages:resolve` fails the task (also in a dry run), since the repository could be locked and
       * installed only by looking up the `@agent-mesh` scope on the default registry (dependency confusion).
       */
      registry?: string;
    };
    /**
     * Limits of the synthesis that `agent-mesh:cdk:synth` and `agent-mesh:cost:estimate` run in a worker thread,
     * so a large mesh cannot block the backend's event loop.
     */
    synth?: {
      /**
       * Wall-clock time one synthesis may take (including the worker's start); the worker is then terminated and
       * the task fails. A Backstage duration: `{ seconds: 90 }`, `'90s'` or `'PT90S'`.
       * @default { seconds: 60 }
       */
      timeout?: HumanDuration | string;
      /**
       * The worker's V8 old-generation heap limit in MB (`resourceLimits.maxOldGenerationSizeMb`).
       * @default 1024
       */
      maxOldGenerationSizeMb?: number;
      /**
       * Most agents a mesh configuration may list; a larger one is refused before a worker starts.
       * @default 32
       */
      maxAgents?: number;
      /**
       * Most secrets a mesh configuration may declare; a larger one is refused before a worker starts.
       * @default 32
       */
      maxSecrets?: number;
      /**
       * Largest mesh configuration, as JSON, in bytes; a larger one is refused before a worker starts.
       * @default 65536
       */
      maxConfigBytes?: number;
      /**
       * Largest result (the synthesis summary, or the CloudFormation template for the cost estimate) in bytes.
       * @default 16777216
       */
      maxOutputBytes?: number;
    };
  };
}
