import { GateReport, LaneVersion } from '@agent-mesh/plugin-agent-mesh-common';
import { LaneConflictError } from '../aws/laneWriter';

export { LaneConflictError };

/** A gate failed: the promotion is refused (422) with the report. */
export class GatesFailedError extends Error {
  constructor(readonly report: GateReport) {
    super(
      `The promotion of ${report.agent} from ${report.from} to ${
        report.to
      } is refused by its gates: ${report.gates
        .filter(g => !g.passed)
        .map(g => `${g.name} (${g.reason})`)
        .join('; ')}`,
    );
    this.name = 'GatesFailedError';
  }
}

/** The spec's 409 body of a lane change: the error and the agent's current lane and version. */
export function laneConflictBody(error: LaneConflictError) {
  return {
    error: { name: 'ConflictError', message: error.message },
    current: error.current as LaneVersion,
  };
}

/** The spec's 422 body of a promotion: the error and the gate report. */
export function gatesFailedBody(error: GatesFailedError) {
  return {
    error: { name: 'GatesFailedError', message: error.message },
    report: error.report,
  };
}
