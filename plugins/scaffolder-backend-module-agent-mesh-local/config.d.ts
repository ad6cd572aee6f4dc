export interface Config {
  /** Configuration of the Agent Mesh scaffolder actions. */
  agentMeshScaffolder?: {
    /**
     * Publishing generated repositories as local git repositories (the local app has no GitHub token). Read by
     * `@agent-mesh/plugin-scaffolder-backend-module-agent-mesh-local` only.
     */
    localPublish?: {
      /**
       * Whether `agent-mesh:publish:local` publishes. It also sets the `agentMeshLocalPublish` template global
       * that the Agent Mesh templates read: when false they publish with `publish:github` instead.
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
       * Whether a published mesh is also created in the embedded AWS emulator (`localAws.port`, when
       * `localAws.enabled`), best effort.
       * @default true
       */
      createInLocalAws?: boolean;
    };
  };
}
