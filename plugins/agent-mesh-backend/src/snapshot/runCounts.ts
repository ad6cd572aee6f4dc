import {
  emptyRunCounts,
  isLane,
  Lane,
  RunCounts,
  withFailureRate,
} from '@agent-mesh/plugin-agent-mesh-common';
import { RunCountRow } from '../database/SnapshotStore';

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

/** Totals, per agent, and per agent and lane, from grouped run counts. */
export function summarizeRuns(rows: RunCountRow[]) {
  const totals = emptyRunCounts();
  const byAgent = new Map<string, RunCounts>();
  const byAgentLane = new Map<string, Partial<Record<Lane, RunCounts>>>();
  let unattributed = 0;
  for (const row of rows) {
    add(totals, row);
    if (!row.agent) {
      unattributed += row.count;
      continue;
    }
    const agentCounts = byAgent.get(row.agent) ?? emptyRunCounts();
    add(agentCounts, row);
    byAgent.set(row.agent, agentCounts);
    if (isLane(row.lane)) {
      const lanes = byAgentLane.get(row.agent) ?? {};
      const laneCounts = lanes[row.lane] ?? emptyRunCounts();
      add(laneCounts, row);
      lanes[row.lane] = laneCounts;
      byAgentLane.set(row.agent, lanes);
    }
  }
  return {
    totals: withFailureRate(totals),
    unattributed,
    agent(name: string): RunCounts {
      return withFailureRate(byAgent.get(name) ?? emptyRunCounts());
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
