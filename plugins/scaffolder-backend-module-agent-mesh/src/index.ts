/**
 * Scaffolder actions for the Agent Mesh templates.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { agentMeshScaffolderModule } from './module';
import { localRepoUrlReaderServiceFactory } from './publish/localRepoUrlReader';

export { agentMeshScaffolderModule } from './module';
export { localRepoUrlReaderServiceFactory } from './publish/localRepoUrlReader';

/**
 * The scaffolder module with the Agent Mesh actions, plus the URL reader that lets the catalog read repositories
 * published by `agent-mesh:publish:local` (inactive unless `agentMeshScaffolder.localPublish.enabled`).
 *
 * @public
 */
export default createBackendFeatureLoader({
  *loader() {
    yield agentMeshScaffolderModule;
    yield localRepoUrlReaderServiceFactory;
  },
});
