import { Gate } from '@agent-mesh/plugin-agent-mesh-common';
import { costForecast } from './costForecast';
import { freshEvidence } from './freshEvidence';
import { GateCheck, GateInput } from './gateInput';
import { maxFailureRate } from './maxFailureRate';
import { minSuccessfulRuns } from './minSuccessfulRuns';
import { noAlarm } from './noAlarm';
import { requiredArtifacts } from './requiredArtifacts';

/** The gates in the order they are shown (`GATE_NAMES`). */
const GATES: GateCheck[] = [
  freshEvidence,
  minSuccessfulRuns,
  maxFailureRate,
  noAlarm,
  requiredArtifacts,
  costForecast,
];

/** Every gate of a promotion; it may go ahead only when all passed. */
export function evaluateGates(input: GateInput): {
  passed: boolean;
  gates: Gate[];
} {
  const gates = GATES.map(gate => gate(input));
  return { passed: gates.every(g => g.passed), gates };
}
