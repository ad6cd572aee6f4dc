import {
  AgentLane,
  AgentSnapshot,
  CostSeriesResponse,
  emptyRunCounts,
  Gate,
  GateReport,
  HistoryEntry,
  ListLanesResponse,
  MeshListItem,
  MeshSnapshot,
  PromotionRequest,
  RunCounts,
  WaitingRun,
  withFailureRate,
} from '@agent-mesh/plugin-agent-mesh-common';

/** The alarms of {@link snapshotFixture}: one of the critic agent, one of the mesh's workflow. */
export const FIXTURE_ALARMS = {
  criticTaskFailures: 'agent-mesh-billing-staging/agent-critic-task-failures',
  executionsFailed:
    'agent-mesh-billing-staging/orchestration-executions-failed',
};

/** A row of the mesh list: billing-dev, pending its first refresh, with no agents; `partial` overrides. */
export function meshListItemFixture(
  partial: Partial<MeshListItem> = {},
): MeshListItem {
  return {
    health: { status: 'pending', alarmsInAlarm: 0, failingPanels: [] },
    entityRef: 'system:default/billing-dev',
    name: 'billing-dev',
    title: 'Billing (dev)',
    meshId: 'billing-dev',
    tier: 'small',
    awsAccount: '123456789012',
    region: 'eu-west-1',
    agents: [],
    ...partial,
  };
}

/** Run counts with the failure rate computed the way the backend computes it, unless given. */
export function runCounts(partial: Partial<RunCounts> = {}): RunCounts {
  const counts = withFailureRate({ ...emptyRunCounts(), ...partial });
  return { ...counts, failureRate: partial.failureRate ?? counts.failureRate };
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
          name: FIXTURE_ALARMS.executionsFailed,
          state: 'OK',
          reason: 'Threshold Crossed: no datapoints were breaching',
        },
        {
          name: FIXTURE_ALARMS.criticTaskFailures,
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

/**
 * The snapshot whose runs source failed with a ThrottlingException: after a good read (its last counts and
 * fetch time kept), or, with `neverAnswered`, before it ever answered.
 */
export function runsFailedSnapshotFixture(
  options: { neverAnswered?: boolean } = {},
): MeshSnapshot {
  const snapshot = snapshotFixture();
  snapshot.runs = {
    ...snapshot.runs,
    status: 'error',
    error: { name: 'ThrottlingException', message: 'Rate exceeded' },
  };
  if (options.neverAnswered) {
    snapshot.runs.fetchedAt = undefined;
  }
  return snapshot;
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

/** The time the gate fixtures were evaluated. */
export const LANES_FETCHED_AT = '2026-11-25T12:00:00.000Z';

export function agentLaneFixture(partial: Partial<AgentLane> = {}): AgentLane {
  return {
    agent: 'conductor',
    entityRef: 'component:default/billing-staging-conductor',
    title: 'Conductor',
    lane: 'read_only',
    version: 2,
    source: 'kv',
    updatedAt: '2026-11-20T09:00:00.000Z',
    updatedBy: 'user:default/alice',
    promotableTo: 'dry_run',
    demotableTo: [],
    ...partial,
  };
}

/**
 * The lanes of billing-staging: conductor in read_only (may be promoted), critic in dry_run (may go up to
 * execute or down to read_only), sweeper in execute with no KV item history beyond version 5.
 */
export function lanesFixture(
  partial: Partial<ListLanesResponse> = {},
): ListLanesResponse {
  return {
    status: 'ok',
    // Read 12 s before the test runs: fresh, whatever the day.
    fetchedAt: new Date(Date.now() - 12_000).toISOString(),
    environment: 'staging',
    lanes: ['read_only', 'dry_run', 'execute'],
    items: [
      agentLaneFixture(),
      agentLaneFixture({
        agent: 'critic',
        entityRef: 'component:default/billing-staging-critic',
        title: 'Critic',
        lane: 'dry_run',
        version: 4,
        promotableTo: 'execute',
        demotableTo: ['read_only'],
      }),
      agentLaneFixture({
        agent: 'sweeper',
        entityRef: undefined,
        title: undefined,
        lane: 'execute',
        version: 5,
        promotableTo: undefined,
        demotableTo: ['dry_run', 'read_only'],
      }),
    ],
    ...partial,
  };
}

export function gateFixture(partial: Partial<Gate> = {}): Gate {
  return {
    name: 'min_successful_runs',
    title: 'At least 5 successful runs in read_only',
    passed: true,
    value: 9,
    threshold: 5,
    reason: '9 successful runs in read_only within the window (at least 5)',
    ...partial,
  };
}

/**
 * The gates of promoting conductor from read_only to dry_run, all passing, with the titles and reasons the
 * backend writes (plugins/agent-mesh-backend/src/promotion/gates); override any part.
 */
export function gateReportFixture(
  partial: Partial<GateReport> = {},
): GateReport {
  return {
    agent: 'conductor',
    from: 'read_only',
    to: 'dry_run',
    version: 2,
    environment: 'staging',
    evaluatedAt: LANES_FETCHED_AT,
    passed: true,
    requiresApproval: false,
    gates: [
      gateFixture({
        name: 'fresh_evidence',
        title: 'The evidence is fresh',
        value: 12,
        threshold: 120,
        reason: 'The snapshot is 12 s old',
      }),
      gateFixture(),
      gateFixture({
        name: 'max_failure_rate',
        title: 'Failure rate in read_only at most 10 %',
        value: 0.05,
        threshold: 0.1,
        reason:
          '1 of the finished runs in read_only failed or timed out: 5 % (at most 10 %)',
      }),
      gateFixture({
        name: 'no_alarm',
        title: 'No alarm of conductor in ALARM',
        value: 0,
        threshold: 0,
        reason: 'No alarm of conductor is in ALARM',
      }),
      gateFixture({
        name: 'required_artifacts',
        title:
          'Evidence under evidence/conductor/: evaluation-report.json, change-review.md',
        value: 2,
        threshold: 2,
        missing: [],
        reason: 'All 2 required artifacts are present',
      }),
      gateFixture({
        name: 'cost_forecast',
        title: 'The monthly cost forecast is within the budget',
        value: 120,
        threshold: 500,
        reason: 'Forecast 120.00 USD within the budget of 500.00 USD',
      }),
    ],
    ...partial,
  };
}

/** The same report with the failure-rate gate failing. */
export function failingGateReportFixture(): GateReport {
  const report = gateReportFixture({ passed: false });
  report.gates = report.gates.map(gate =>
    gate.name === 'max_failure_rate'
      ? {
          ...gate,
          passed: false,
          value: 0.25,
          reason:
            '3 of the finished runs in read_only failed or timed out: 25 % (more than 10 %)',
        }
      : gate,
  );
  return report;
}

export function promotionRequestFixture(
  partial: Partial<PromotionRequest> = {},
): PromotionRequest {
  return {
    id: 'req-1',
    agent: 'critic',
    from: 'dry_run',
    to: 'execute',
    fromVersion: 4,
    status: 'pending',
    requestedBy: 'user:default/bob',
    requestedAt: '2026-11-25T11:00:00.000Z',
    expiresAt: '2026-11-26T11:00:00.000Z',
    reason: 'Critic has been clean for a week',
    ...partial,
  };
}

export function waitingRunFixture(
  partial: Partial<WaitingRun> = {},
): WaitingRun {
  return {
    executionName: 'run-42',
    executionArn:
      'arn:aws:states:us-east-1:222222222222:execution:agent-mesh-billing-staging-orchestration:run-42',
    agent: 'sweeper',
    lane: 'execute',
    requestedAt: '2026-11-25T11:50:00.000Z',
    expiresAt: '2026-11-25T12:50:00.000Z',
    verdict: 'The plan deletes 3 stale keys',
    status: 'waiting',
    ...partial,
  };
}

export function historyEntryFixture(
  partial: Partial<HistoryEntry> = {},
): HistoryEntry {
  return {
    id: 'h-1',
    at: '2026-11-25T10:00:00.000Z',
    actor: 'user:default/alice',
    action: 'promoted',
    agent: 'conductor',
    fromLane: 'read_only',
    toLane: 'dry_run',
    version: 3,
    reason: 'Ready for dry runs',
    ...partial,
  };
}

/** One day of cost: its groups in the order given, its total their sum. */
function costPoint(day: string, groups: Record<string, number>) {
  const end = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
  const entries = Object.entries(groups).map(([key, amount]) => ({
    key,
    amount,
  }));
  return {
    start: day,
    end,
    total: entries.reduce((t, g) => t + g.amount, 0),
    groups: entries,
  };
}

/** The cost of billing-staging grouped by agent, read this month; override any part. */
export function agentCostFixture(
  partial: Partial<CostSeriesResponse> = {},
): CostSeriesResponse {
  return {
    status: 'ok',
    fetchedAt: '2026-11-25T06:00:00.000Z',
    entityRef: 'system:default/billing-staging',
    currency: 'USD',
    granularity: 'DAILY',
    groupBy: 'AGENT',
    points: [
      costPoint('2026-11-01', { critic: 1.25, conductor: 1.75 }),
      costPoint('2026-11-02', { critic: 2, conductor: 2 }),
    ],
    monthToDate: 7,
    budget: 300,
    ...partial,
  };
}
