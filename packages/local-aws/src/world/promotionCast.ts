import { CORE_AGENTS } from '@agent-mesh/infra-constructs';

/**
 * How much less often a promotion-ready (steady) agent fails than the lane's rate, by the mesh's environment.
 * The factor scales every failure the run behaviour draws for the agent (its own task, the critic's
 * rejections, asking a person who may reject) and, through the conductor, the planning step every run shares.
 * In prod (a failure-rate gate of 5 %) the ready agents never fail, so research-prod's critic clears the gate on
 * every day at every seed and the two-person promotion is always possible; elsewhere (gates of 10 % and more)
 * they fail a quarter as often, so even a mesh of only ready agents shows failures on its pages.
 */
export function steadyFailureFactor(environment: string | undefined): number {
  return environment === 'prod' ? 0 : 0.25;
}

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
 * The agents that run steadily (they never fail on their own account): those with evidence. The conductor
 * is one of them, which also makes the planning step every run shares never fail.
 */
export function steadyAgents(evidence: readonly string[]): Set<string> {
  return new Set(evidence);
}
