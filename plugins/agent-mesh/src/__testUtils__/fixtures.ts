import {
  AgentSnapshot,
  MeshSnapshot,
  RunCounts,
} from '@agent-mesh/plugin-agent-mesh-common';

/** Run counts with the failure rate computed the way the backend computes it. */
export function runCounts(partial: Partial<RunCounts> = {}): RunCounts {
  const counts = {
    total: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    aborted: 0,
    ...partial,
  };
  const finished =
    counts.succeeded + counts.failed + counts.timedOut + counts.aborted;
  return {
    ...counts,
    failureRate:
      partial.failureRate ??
      (finished === 0 ? 0 : (counts.failed + counts.timedOut) / finished),
  };
}

export function agentFixture(
  partial: Partial<AgentSnapshot> = {},
): AgentSnapshot {
  return {
    name: 'conductor',
    entityRef: 'component:default/billing-staging-conductor',
    title: 'Conductor',
    lane: { lane: 'execute', source: 'kv', version: 3 },
    runs: runCounts({ total: 10, succeeded: 9, failed: 1 }),
    runsByLane: {
      execute: runCounts({ total: 10, succeeded: 9, failed: 1 }),
    },
    ...partial,
  };
}

/**
 * A snapshot of billing-staging as the backend sends it after a good refresh; override any part.
 */
export function snapshotFixture(
  partial: Partial<MeshSnapshot> = {},
): MeshSnapshot {
  const fetchedAt = '2026-11-25T12:00:00.000Z';
  return {
    entityRef: 'system:default/billing-staging',
    meshId: 'billing-staging',
    tier: 'medium',
    refreshedAt: fetchedAt,
    ageSeconds: 12,
    window: { from: '2026-11-24T12:00:00.000Z', to: fetchedAt },
    agents: [
      agentFixture(),
      agentFixture({
        name: 'critic',
        entityRef: 'component:default/billing-staging-critic',
        title: 'Critic',
        lane: { lane: 'dry_run', source: 'kv', version: 1 },
        runs: runCounts({ total: 8, succeeded: 4, failed: 3, timedOut: 1 }),
        runsByLane: {
          read_only: runCounts({ total: 4, succeeded: 4 }),
          dry_run: runCounts({ total: 4, failed: 3, timedOut: 1 }),
        },
      }),
      agentFixture({
        name: 'sweeper',
        entityRef: undefined,
        title: undefined,
        lane: { lane: 'read_only', source: 'default' },
        runs: runCounts(),
        runsByLane: {},
      }),
    ],
    runs: {
      status: 'ok',
      fetchedAt,
      totals: runCounts({
        total: 18,
        succeeded: 13,
        failed: 4,
        timedOut: 1,
      }),
      unattributed: 0,
    },
    lanes: { status: 'ok', fetchedAt },
    alarms: {
      status: 'ok',
      fetchedAt,
      items: [
        {
          name: 'agent-mesh-billing-staging-orchestration-executions-failed',
          state: 'OK',
          reason: 'Threshold Crossed: no datapoints were breaching',
        },
        {
          name: 'agent-mesh-billing-staging-agent-critic-task-failures',
          state: 'ALARM',
          agent: 'critic',
          reason: 'Threshold Crossed: 3 datapoints were greater than 2',
        },
      ],
    },
    metrics: { status: 'ok', fetchedAt, periodSeconds: 300, series: [] },
    cost: {
      status: 'ok',
      fetchedAt,
      summary: {
        currency: 'USD',
        monthToDate: 123.45,
        forecastMonth: 410.2,
        budget: 500,
        percentOfBudget: 24.7,
      },
    },
    ...partial,
  };
}

/** The snapshot the backend sends before the mesh's first refresh: every panel pending. */
export function pendingSnapshotFixture(): MeshSnapshot {
  const now = '2026-11-25T12:00:00.000Z';
  return {
    entityRef: 'system:default/billing-staging',
    meshId: 'billing-staging',
    tier: 'medium',
    window: { from: now, to: now },
    agents: [],
    runs: { status: 'pending', totals: runCounts(), unattributed: 0 },
    lanes: { status: 'pending' },
    alarms: { status: 'pending', items: [] },
    metrics: { status: 'pending', periodSeconds: 300, series: [] },
    cost: { status: 'pending' },
  };
}
