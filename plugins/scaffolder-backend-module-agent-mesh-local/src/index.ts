/**
 * Local-only scaffolder pieces for the Agent Mesh templates: `agent-mesh:publish:local`, the URL reader for the
 * repositories it writes, and (as a script) the packer of the workspace's `@agent-mesh/*` packages. Only the
 * local app installs it.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { agentMeshLocalScaffolderModule } from './module';
import { localRepoUrlReaderServiceFactory } from './publish/localRepoUrlReader';

export { agentMeshLocalScaffolderModule } from './module';
export { localRepoUrlReaderServiceFactory } from './publish/localRepoUrlReader';

/**
 * The local module (`agent-mesh:publish:local` and the `agentMeshLocalPublish` template global) plus the URL
 * reader that lets the catalog read the repositories it publishes (inactive unless
 * `agentMeshScaffolder.localPublish.enabled`).
 *
 * @public
 */
export default createBackendFeatureLoader({
  *loader() {
    yield agentMeshLocalScaffolderModule;
    yield localRepoUrlReaderServiceFactory;
  },
});
