import {
  AGENT_MESH_ANNOTATIONS,
  Tier,
} from '@agent-mesh/plugin-agent-mesh-common';
import { AgentMeshConfig } from './agentMeshConfig';

/** The budget the template wrote into the mesh entity (`agent-mesh.io/monthly-budget-usd`), when it is a positive number. */
export function annotatedBudget(
  annotations: Record<string, string> | undefined,
): number | undefined {
  const value = Number(annotations?.[AGENT_MESH_ANNOTATIONS.monthlyBudget]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A mesh's monthly budget in USD: its own, else the configured budget of its tier. */
export function meshBudget(
  mesh: { monthlyBudgetUsd?: number; tier?: Tier },
  config: AgentMeshConfig,
): number | undefined {
  return (
    mesh.monthlyBudgetUsd ??
    (mesh.tier ? config.cost.budgets[mesh.tier] : undefined)
  );
}
