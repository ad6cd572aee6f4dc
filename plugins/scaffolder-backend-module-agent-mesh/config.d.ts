export interface Config {
  /** Configuration of the Agent Mesh scaffolder actions. */
  agentMeshScaffolder?: {
    /**
     * Where generated repositories get `@agent-mesh/infra-constructs` (and `@agent-mesh/plugin-agent-mesh-common`).
     * Without this block they get a semver range of the version this Backstage validated them with, installed
     * from whatever registry the adopter's `.npmrc` maps the `@agent-mesh` scope to.
     */
    packages?: {
      /**
       * A folder holding `npm pack` tarballs of the two packages (made by `yarn workspace
       * @agent-mesh/plugin-scaffolder-backend-module-agent-mesh pack:workspace`). When set, the
       * `agent-mesh:packages:resolve` action copies them into the generated repository's `vendor/` folder and
       * points its dependencies there, so it installs on a machine that reaches only the public registry.
       * Relative paths are resolved against the backend's working directory.
       */
      tarballDirectory?: string;
    };
    /** Publishing generated repositories as local git repositories (the local app has no GitHub token). */
    localPublish?: {
      /**
       * Whether `agent-mesh:publish:local` publishes. When false it does nothing and says so in its output, and
       * the templates fall through to `publish:github`.
       * @default false
       */
      enabled?: boolean;
      /**
       * The folder the repositories are written under, one sub-folder per repository. Relative paths are
       * resolved against the backend's working directory.
       * @default `<os temp dir>/agent-mesh-repos`
       */
      directory?: string;
      /**
       * Whether a published mesh is also created in the embedded AWS emulator (`localAws.port`), best effort.
       * @default true
       */
      createInLocalAws?: boolean;
    };
  };
}
