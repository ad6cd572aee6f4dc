import { GateReport, LaneVersion } from '@agent-mesh/plugin-agent-mesh-common';

/** What a 409 means for the reader: someone else changed the lane first, and to what. */
export function conflictMessage(agent: string, current: LaneVersion): string {
  return `Someone else changed the lane of ${agent} to ${current.lane} (version ${current.version})`;
}

/** Each failing gate of a report by its title and reason: `Failure rate at most 10%: 25.0% of runs failed`. */
export function failingGates(report: GateReport): string[] {
  return report.gates
    .filter(gate => !gate.passed)
    .map(gate => `${gate.title}: ${gate.reason}`);
}
