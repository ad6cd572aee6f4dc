import { RunCounts } from '@agent-mesh/plugin-agent-mesh-common';
import { SnapshotBody } from '../../database/SnapshotStore';
import { costForecast } from './costForecast';
import { evaluateGates } from './evaluateGates';
import { freshEvidence } from './freshEvidence';
import { GateInput } from './gateInput';
import { maxFailureRate } from './maxFailureRate';
import { minSuccessfulRuns } from './minSuccessfulRuns';
import { noAlarm } from './noAlarm';
import { requiredArtifacts } from './requiredArtifacts';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const MINUTE = 60_000;

function counts(succeeded: number, failed: number): RunCounts {
  const finished = succeeded + failed;
  return {
    total: finished,
    running: 0,
    succeeded,
    failed,
    timedOut: 0,
    aborted: 0,
    failureRate: finished ? failed / finished : 0,
  };
}

function snapshot(overrides: Partial<SnapshotBody> = {}): SnapshotBody {
  return {
    entityRef: 'system:default/billing-dev',
    meshId: 'billing-dev',
    refreshedAt: new Date(NOW - MINUTE).toISOString(),
    window: {
      from: new Date(NOW - 86_400_000).toISOString(),
      to: new Date(NOW).toISOString(),
    },
    agents: [
      {
        name: 'critic',
        runs: counts(30, 1),
        // Runs in the current lane count; the 1 failure in read_only and the many in execute do not.
        runsByLane: { read_only: counts(12, 1), execute: counts(0, 40) },
        lane: { lane: 'read_only', source: 'default' },
      },
    ],
    runs: { status: 'ok', totals: counts(30, 1), unattributed: 0 },
    lanes: { status: 'ok' },
    alarms: {
      status: 'ok',
      items: [
        {
          name: 'agent-mesh-billing-dev-critic-errors',
          state: 'OK',
          agent: 'critic',
        },
        {
          name: 'agent-mesh-billing-dev-sweeper-errors',
          state: 'ALARM',
          agent: 'sweeper',
        },
      ],
    },
    metrics: { status: 'ok', periodSeconds: 3600, series: [] },
    cost: {
      status: 'ok',
      summary: { currency: 'USD', monthToDate: 120, forecastMonth: 300 },
    },
    ...overrides,
  };
}

function input(overrides: Partial<GateInput> = {}): GateInput {
  return {
    agent: 'critic',
    from: 'read_only',
    to: 'dry_run',
    stored: { refreshedAt: NOW - MINUTE, snapshot: snapshot() },
    nowMs: NOW,
    refreshIntervalMs: MINUTE,
    thresholds: {
      minSuccessfulRuns: 10,
      maxFailureRate: 0.1,
      requiredArtifacts: ['evaluation-report.json', 'change-review.md'],
    },
    evidence: {
      ok: true,
      names: ['change-review.md', 'evaluation-report.json', 'notes.txt'],
    },
    budget: 500,
    ...overrides,
  };
}

describe('the promotion gates', () => {
  it('all pass on fresh, sufficient evidence, in the order shown', () => {
    const result = evaluateGates(input());
    expect(result.passed).toBe(true);
    expect(result.gates.map(g => [g.name, g.passed])).toEqual([
      ['fresh_evidence', true],
      ['min_successful_runs', true],
      ['max_failure_rate', true],
      ['no_alarm', true],
      ['required_artifacts', true],
      ['cost_forecast', true],
    ]);
    expect(result.gates.every(g => g.title && g.reason)).toBe(true);
  });

  describe('fresh_evidence', () => {
    it('passes up to two refresh intervals and fails beyond as stale evidence', () => {
      expect(
        freshEvidence(
          input({
            stored: { refreshedAt: NOW - 2 * MINUTE, snapshot: snapshot() },
          }),
        ),
      ).toMatchObject({ passed: true, value: 120, threshold: 120 });
      const stale = freshEvidence(
        input({
          stored: {
            refreshedAt: NOW - 2 * MINUTE - 1000,
            snapshot: snapshot(),
          },
        }),
      );
      expect(stale).toMatchObject({
        passed: false,
        value: 121,
        threshold: 120,
      });
      expect(stale.reason).toMatch(/^Stale evidence/);
      const all = evaluateGates(
        input({
          stored: { refreshedAt: NOW - 10 * MINUTE, snapshot: snapshot() },
        }),
      );
      expect(all.passed).toBe(false);
    });

    it('fails without any snapshot, and so do the gates that read it', () => {
      const result = evaluateGates(input({ stored: undefined }));
      expect(result.passed).toBe(false);
      expect(result.gates.filter(g => !g.passed).map(g => g.name)).toEqual([
        'fresh_evidence',
        'min_successful_runs',
        'max_failure_rate',
        'no_alarm',
        'cost_forecast',
      ]);
    });
  });

  describe('min_successful_runs', () => {
    it('counts succeeded runs in the current lane only', () => {
      expect(minSuccessfulRuns(input())).toMatchObject({
        passed: true,
        value: 12,
        threshold: 10,
      });
      expect(
        minSuccessfulRuns(
          input({
            thresholds: { ...input().thresholds, minSuccessfulRuns: 13 },
          }),
        ),
      ).toMatchObject({ passed: false, value: 12, threshold: 13 });
      // In dry_run the agent has no runs at all.
      expect(
        minSuccessfulRuns(input({ from: 'dry_run', to: 'execute' })),
      ).toMatchObject({
        passed: false,
        value: 0,
      });
    });

    it('fails when the runs could not be read', () => {
      const gate = minSuccessfulRuns(
        input({
          stored: {
            refreshedAt: NOW,
            snapshot: snapshot({
              runs: {
                status: 'error',
                error: {
                  name: 'ThrottlingException',
                  message: 'Rate exceeded',
                },
                totals: counts(0, 0),
                unattributed: 0,
              },
            }),
          },
        }),
      );
      expect(gate.passed).toBe(false);
      expect(gate.reason).toContain('ThrottlingException: Rate exceeded');
    });
  });

  describe('max_failure_rate', () => {
    it('passes at or under the threshold and fails above it', () => {
      expect(maxFailureRate(input())).toMatchObject({
        passed: true,
        value: 1 / 13,
      });
      const strict = maxFailureRate(
        input({ thresholds: { ...input().thresholds, maxFailureRate: 0.05 } }),
      );
      expect(strict).toMatchObject({
        passed: false,
        value: 1 / 13,
        threshold: 0.05,
      });
      expect(strict.reason).toContain('7.7 %');
      expect(
        maxFailureRate(input({ from: 'execute', to: 'execute' })),
      ).toMatchObject({
        passed: false,
        value: 1,
      });
    });
  });

  describe('no_alarm', () => {
    it("passes while only other agents' alarms fire, fails on the agent's own", () => {
      expect(noAlarm(input())).toMatchObject({ passed: true, value: 0 });
      const firing = noAlarm(input({ agent: 'sweeper' }));
      expect(firing).toMatchObject({ passed: false, value: 1 });
      expect(firing.reason).toContain('agent-mesh-billing-dev-sweeper-errors');
    });

    it('fails with the reason when the alarms panel is unreadable', () => {
      const gate = noAlarm(
        input({
          stored: {
            refreshedAt: NOW,
            snapshot: snapshot({
              alarms: {
                status: 'error',
                error: {
                  name: 'AccessDeniedException',
                  message: 'not authorized',
                },
                items: [],
              },
            }),
          },
        }),
      );
      expect(gate.passed).toBe(false);
      expect(gate.reason).toBe(
        'The alarms could not be read: AccessDeniedException: not authorized',
      );
    });
  });

  describe('required_artifacts', () => {
    it('passes when every required artifact is there and names the missing ones otherwise', () => {
      expect(requiredArtifacts(input())).toMatchObject({
        passed: true,
        value: 2,
        missing: [],
      });
      const gate = requiredArtifacts(
        input({ evidence: { ok: true, names: ['evaluation-report.json'] } }),
      );
      expect(gate).toMatchObject({
        passed: false,
        value: 1,
        threshold: 2,
        missing: ['change-review.md'],
      });
      expect(gate.reason).toBe(
        'Missing under evidence/critic/: change-review.md',
      );
    });

    it('fails with the reason when the bucket cannot be listed', () => {
      const gate = requiredArtifacts(
        input({
          evidence: {
            ok: false,
            error: { name: 'NoSuchBucket', message: 'gone' },
          },
        }),
      );
      expect(gate).toMatchObject({
        passed: false,
        missing: ['evaluation-report.json', 'change-review.md'],
      });
      expect(gate.reason).toContain('NoSuchBucket: gone');
    });
  });

  describe('cost_forecast', () => {
    it('passes when the forecast is within the budget and fails over it', () => {
      expect(costForecast(input())).toMatchObject({
        passed: true,
        value: 300,
        threshold: 500,
      });
      const over = costForecast(input({ budget: 250 }));
      expect(over).toMatchObject({ passed: false, value: 300, threshold: 250 });
      expect(over.reason).toBe(
        'Forecast 300.00 USD over the budget of 250.00 USD',
      );
    });

    it('compares the month to date without a forecast, and fails without cost data or budget', () => {
      const noForecast = snapshot({
        cost: { status: 'ok', summary: { currency: 'USD', monthToDate: 120 } },
      });
      expect(
        costForecast(
          input({
            budget: 100,
            stored: { refreshedAt: NOW, snapshot: noForecast },
          }),
        ),
      ).toMatchObject({ passed: false, value: 120 });
      const failed = snapshot({
        cost: {
          status: 'error',
          error: { name: 'AccessDeniedException', message: 'ce' },
        },
      });
      expect(
        costForecast(input({ stored: { refreshedAt: NOW, snapshot: failed } }))
          .reason,
      ).toContain('AccessDeniedException');
      expect(costForecast(input({ budget: undefined })).passed).toBe(false);
    });
  });
});
