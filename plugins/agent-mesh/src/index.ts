/**
 * The Agent Mesh frontend plugin.
 *
 * @packageDocumentation
 */

export { agentMeshPlugin, AgentMeshPage, EntityAgentMeshContent } from './plugin';
export { agentMeshApiRef, AgentMeshClient, type AgentMeshApi } from './api';
export { isAgentMeshAvailable } from '@agent-mesh/plugin-agent-mesh-common';
