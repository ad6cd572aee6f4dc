import { CORE_AGENTS } from '@agent-mesh/infra-constructs';

/**
 * How much less often a promotion-ready agent's own task fails than the lane's rate: the demo needs agents
 * that clear a "low failure rate" gate however the draws fall.
 */
export const STEADY_FAILURE_FACTOR = 0.25;

/**
 * The agents whose promotion evidence is in the artifacts bucket, so that the gate "required artifacts
 * present" passes for some agents and fails for others: the conductor, the critic and every specialist at an
 * odd position in the catalog, never the flaky agent and never the sweeper.
 */
export function evidenceAgents(
  agents: readonly string[],
  flakyAgent: string | undefined,
): string[] {
  return agents.filter((agent, index) => {
    if (agent === flakyAgent || agent === 'sweeper') return false;
    if ((CORE_AGENTS as readonly string[]).includes(agent)) return true;
    return index % 2 === 1;
  });
}

/**
 * The agents that run steadily (their own task fails a quarter as often): those with evidence. The conductor
 * is one of them, which also makes the planning step every run shares fail seldom.
 */
export function steadyAgents(evidence: readonly string[]): Set<string> {
  return new Set(evidence);
}
