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
       * Unset: the repository gets no lockfile and its README says to add the line.
       */
      registry?: string;
    };
  };
}
