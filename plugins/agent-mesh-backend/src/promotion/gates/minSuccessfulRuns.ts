import { agentOf, GateCheck } from './gateInput';
import { runsUnreadable } from './runsUnreadable';

/** Enough succeeded runs in the agent's current lane within the snapshot's window. */
export const minSuccessfulRuns: GateCheck = input => {
  const threshold = input.thresholds.minSuccessfulRuns;
  const base = {
    name: 'min_successful_runs' as const,
    title: `At least ${threshold} successful runs in ${input.from}`,
    threshold,
  };
  const unreadable = runsUnreadable(input);
  if (unreadable) return { ...base, passed: false, reason: unreadable };
  const value = agentOf(input)?.runsByLane[input.from]?.succeeded ?? 0;
  const passed = value >= threshold;
  return {
    ...base,
    passed,
    value,
    reason: `${value} successful runs in ${input.from} within the window (${
      passed ? 'at least' : 'fewer than'
    } ${threshold})`,
  };
};
