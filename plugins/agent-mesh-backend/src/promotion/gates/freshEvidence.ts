import { GateCheck } from './gateInput';

/** Fails when there is no snapshot, or it is older than two refresh intervals ("stale evidence"). */
export const freshEvidence: GateCheck = input => {
  const base = {
    name: 'fresh_evidence' as const,
    title: 'The evidence is fresh',
    threshold: Math.round((2 * input.refreshIntervalMs) / 1000),
  };
  if (!input.stored) {
    return {
      ...base,
      passed: false,
      reason: 'No snapshot of this mesh yet: wait for the first refresh',
    };
  }
  const ageSeconds = Math.max(
    0,
    Math.round((input.nowMs - input.stored.refreshedAt) / 1000),
  );
  const passed = ageSeconds <= base.threshold;
  return {
    ...base,
    passed,
    value: ageSeconds,
    reason: passed
      ? `The snapshot is ${ageSeconds} s old`
      : `Stale evidence: the snapshot is ${ageSeconds} s old, more than two refresh intervals (${base.threshold} s)`,
  };
};
