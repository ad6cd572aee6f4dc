import { agentOf, GateCheck } from './gateInput';
import { runsUnreadable } from './runsUnreadable';

const percent = (rate: number) => `${Math.round(rate * 1000) / 10} %`;

/** The failure rate of the agent's finished runs in its current lane stays at or under the threshold. */
export const maxFailureRate: GateCheck = input => {
  const threshold = input.thresholds.maxFailureRate;
  const base = {
    name: 'max_failure_rate' as const,
    title: `Failure rate in ${input.from} at most ${percent(threshold)}`,
    threshold,
  };
  const unreadable = runsUnreadable(input);
  if (unreadable) return { ...base, passed: false, reason: unreadable };
  const counts = agentOf(input)?.runsByLane[input.from];
  const value = counts?.failureRate ?? 0;
  const failed = (counts?.failed ?? 0) + (counts?.timedOut ?? 0);
  const passed = value <= threshold;
  return {
    ...base,
    passed,
    value,
    reason: `${failed} of the finished runs in ${
      input.from
    } failed or timed out: ${percent(value)} (${
      passed ? 'at most' : 'more than'
    } ${percent(threshold)})`,
  };
};
