/**
 * The Agent Mesh backend plugin.
 *
 * @packageDocumentation
 */

export { agentMeshPlugin as default } from './plugin';
