/**
 * Scaffolder actions for the Agent Mesh templates: resolve the generated repository's packages, validate,
 * synthesize and estimate the cost of a mesh.
 *
 * @packageDocumentation
 */

import { agentMeshScaffolderModule } from './module';

export { agentMeshScaffolderModule };
export {
  generatedRepositoryPackages,
  tarballName,
  type AgentMeshPackage,
} from './packages/generatedRepositoryPackages';
export {
  readWorkspaceMeshConfig,
  type MeshConfig,
} from './actions/workspaceMeshConfig';

/**
 * The scaffolder module with the Agent Mesh actions.
 *
 * @public
 */
export default agentMeshScaffolderModule;
