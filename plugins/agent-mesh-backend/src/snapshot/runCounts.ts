import { isLane, Lane, RunCounts } from '@agent-mesh/plugin-agent-mesh-common';
import { RunCountRow } from '../database/SnapshotStore';

export function emptyCounts(): RunCounts {
  return {
    total: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    aborted: 0,
    failureRate: 0,
  };
}

function add(counts: RunCounts, row: RunCountRow) {
  counts.total += row.count;
  switch (row.status) {
    case 'RUNNING':
      counts.running += row.count;
      break;
    case 'SUCCEEDED':
      counts.succeeded += row.count;
      break;
    case 'FAILED':
    case 'PENDING_REDRIVE':
      counts.failed += row.count;
      break;
    case 'TIMED_OUT':
      counts.timedOut += row.count;
      break;
    case 'ABORTED':
      counts.aborted += row.count;
      break;
    default:
  }
}

/** (failed + timed out) / finished runs, rounded to four decimals; 0 when no run finished. */
function withFailureRate(counts: RunCounts): RunCounts {
  const finished =
    counts.succeeded + counts.failed + counts.timedOut + counts.aborted;
  const failures = counts.failed + counts.timedOut;
  return {
    ...counts,
    failureRate:
      finished === 0 ? 0 : Math.round((failures / finished) * 10000) / 10000,
  };
}

/** Totals, per agent, and per agent and lane, from grouped run counts. */
export function summarizeRuns(rows: RunCountRow[]) {
  const totals = emptyCounts();
  const byAgent = new Map<string, RunCounts>();
  const byAgentLane = new Map<string, Partial<Record<Lane, RunCounts>>>();
  let unattributed = 0;
  for (const row of rows) {
    add(totals, row);
    if (!row.agent) {
      unattributed += row.count;
      continue;
    }
    const agentCounts = byAgent.get(row.agent) ?? emptyCounts();
    add(agentCounts, row);
    byAgent.set(row.agent, agentCounts);
    if (isLane(row.lane)) {
      const lanes = byAgentLane.get(row.agent) ?? {};
      const laneCounts = lanes[row.lane] ?? emptyCounts();
      add(laneCounts, row);
      lanes[row.lane] = laneCounts;
      byAgentLane.set(row.agent, lanes);
    }
  }
  return {
    totals: withFailureRate(totals),
    unattributed,
    agent(name: string): RunCounts {
      return withFailureRate(byAgent.get(name) ?? emptyCounts());
    },
    agentLanes(name: string): Partial<Record<Lane, RunCounts>> {
      const lanes = byAgentLane.get(name) ?? {};
      const result: Partial<Record<Lane, RunCounts>> = {};
      for (const [lane, counts] of Object.entries(lanes) as Array<
        [Lane, RunCounts]
      >) {
        result[lane] = withFailureRate(counts);
      }
      return result;
    },
    /** Agents that ran but are not in the catalog. */
    agents(): string[] {
      return [...byAgent.keys()];
    },
  };
}
