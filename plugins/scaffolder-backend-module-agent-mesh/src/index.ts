/**
 * Scaffolder actions for the Agent Mesh templates.
 *
 * @packageDocumentation
 */

export { agentMeshScaffolderModule as default } from './module';
