import { GateReport, LaneVersion } from '@agent-mesh/plugin-agent-mesh-common';
import { gateReason } from './gateReason';

/** What a 409 means for the reader: someone else changed the lane first, and to what. */
export function conflictMessage(agent: string, current: LaneVersion): string {
  return `Someone else changed the lane of ${agent} to ${current.lane} (version ${current.version})`;
}

/**
 * Each failing gate of a report by its title and reason, each fact once:
 * `Failure rate in read_only at most 10 %: 3 of the finished runs in read_only failed or timed out: 25 %`.
 */
export function failingGates(report: GateReport): string[] {
  return report.gates
    .filter(gate => !gate.passed)
    .map(gate => `${gate.title}: ${gateReason(gate)}`);
}
