/**
 * The Agent Mesh frontend plugin.
 *
 * @packageDocumentation
 */

export {
  agentMeshPlugin,
  AgentMeshPage,
  EntityAgentMeshContent,
  EntityAgentMeshRunsContent,
  EntityAgentMeshCostContent,
  EntityAgentMeshLanesContent,
  EntityAgentMeshAlarmsContent,
  EntityAgentOverviewCard,
  EntityAgentMeshAgentContent,
} from './plugin';
export { isAgentMeshAgent } from './components/shared';
export type { EntityAgentMeshLanesContentProps } from './components/lanes';
export * from './api';
export { isAgentMeshAvailable } from '@agent-mesh/plugin-agent-mesh-common';
