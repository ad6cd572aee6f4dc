import { Gate } from '@agent-mesh/plugin-agent-mesh-common';

/** A trailing comparison as the backend's gates end their reasons: `(at most 5 %)`, `(fewer than 20)`. */
const COMPARISON = /\s*\((?:at least|at most|fewer than|more than) ([^)]+)\)$/;

/**
 * A gate's reason with each fact once. The backend's reason is a sentence that already holds the measured
 * value and the threshold in the gate's own unit (plugins/agent-mesh-backend/src/promotion/gates), so the
 * checklist shows no separate numbers; the trailing comparison is dropped when the title states that
 * threshold (`At least 20 successful runs in dry_run`), and the missing artifacts are added only when the
 * reason does not name them (the bucket could not be listed).
 */
export function gateReason(gate: Gate): string {
  const comparison = gate.reason.match(COMPARISON);
  let reason =
    comparison && gate.title.includes(comparison[1])
      ? gate.reason.slice(0, comparison.index)
      : gate.reason;
  const missing = gate.missing ?? [];
  if (missing.some(name => !reason.includes(name))) {
    reason = `${reason} (missing: ${missing.join(', ')})`;
  }
  return reason;
}
