import { App, Stack } from 'aws-cdk-lib';
import { AgentBus } from '../bus/agent-bus';
import { AgentCompute, AgentComputeProps } from '../compute/agent-compute';
import { CORE_AGENTS } from '../naming/task-families';
import {
  AgentOrchestration,
  AgentOrchestrationProps,
} from '../orchestration/agent-orchestration';

/** Test support: a fresh stack holding a mesh's bus and compute. */
export interface MeshFixture {
  readonly meshId: string;
  readonly stack: Stack;
  readonly bus: AgentBus;
  readonly compute: AgentCompute;
}

/**
 * Builds a stack named `stackName` with a bus and the compute for the core agents (or `compute.agents`) of the
 * mesh `meshId`, for construct tests.
 */
export function meshFixture(
  options: {
    meshId?: string;
    stackName?: string;
    compute?: Partial<Omit<AgentComputeProps, 'meshId' | 'bus'>>;
  } = {},
): MeshFixture {
  const meshId = options.meshId ?? 'demo';
  const stack = new Stack(new App(), options.stackName ?? 'S');
  const bus = new AgentBus(stack, 'Bus', { meshId });
  const compute = new AgentCompute(stack, 'Compute', {
    meshId,
    bus,
    agents: [...CORE_AGENTS],
    ...options.compute,
  });
  return { meshId, stack, bus, compute };
}

/** Adds the orchestration of the fixture's mesh to its stack. */
export function addOrchestration(
  fixture: MeshFixture,
  props: Partial<AgentOrchestrationProps> = {},
  id = 'Orchestration',
): AgentOrchestration {
  return new AgentOrchestration(fixture.stack, id, {
    meshId: fixture.meshId,
    bus: fixture.bus,
    compute: fixture.compute,
    ...props,
  });
}
