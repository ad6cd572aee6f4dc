import { Gate } from '@agent-mesh/plugin-agent-mesh-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { gateReportFixture } from '../../__testUtils__/fixtures';
import { GateChecklist } from './GateChecklist';

/** Gates as the backend writes them (plugins/agent-mesh-backend/src/promotion/gates), and the line shown. */
const cases: Array<
  [string, Omit<Gate, 'name'> & { name: Gate['name'] }, string]
> = [
  [
    'the threshold in the title is not repeated by the reason',
    {
      name: 'min_successful_runs',
      title: 'At least 20 successful runs in dry_run',
      passed: true,
      value: 25,
      threshold: 20,
      reason: '25 successful runs in dry_run within the window (at least 20)',
    },
    'passed: At least 20 successful runs in dry_run25 successful runs in dry_run within the window',
  ],
  [
    'a failing rate shows the measured value once and the limit once',
    {
      name: 'max_failure_rate',
      title: 'Failure rate in dry_run at most 5 %',
      passed: false,
      value: 0.063,
      threshold: 0.05,
      reason:
        '2 of the finished runs in dry_run failed or timed out: 6.3 % (more than 5 %)',
    },
    'failed: Failure rate in dry_run at most 5 %2 of the finished runs in dry_run failed or timed out: 6.3 %',
  ],
  [
    'a reason that is the only place of the threshold keeps it',
    {
      name: 'cost_forecast',
      title: 'The monthly cost forecast is within the budget',
      passed: false,
      value: 620,
      threshold: 500,
      reason: 'Forecast 620.00 USD over the budget of 500.00 USD',
    },
    'failed: The monthly cost forecast is within the budget' +
      'Forecast 620.00 USD over the budget of 500.00 USD',
  ],
  [
    'missing artifacts the reason names are not listed again',
    {
      name: 'required_artifacts',
      title:
        'Evidence under evidence/critic/: evaluation-report.json, change-review.md',
      passed: false,
      value: 1,
      threshold: 2,
      missing: ['change-review.md'],
      reason: 'Missing under evidence/critic/: change-review.md',
    },
    'failed: Evidence under evidence/critic/: evaluation-report.json, change-review.md' +
      'Missing under evidence/critic/: change-review.md',
  ],
  [
    'missing artifacts the reason does not name are listed',
    {
      name: 'required_artifacts',
      title: 'Evidence under evidence/critic/: evaluation-report.json',
      passed: false,
      threshold: 1,
      missing: ['evaluation-report.json'],
      reason:
        'The artifacts bucket could not be listed: AccessDenied: not allowed',
    },
    'failed: Evidence under evidence/critic/: evaluation-report.json' +
      'The artifacts bucket could not be listed: AccessDenied: not allowed (missing: evaluation-report.json)',
  ],
  [
    'a parenthesis that is no comparison stays',
    {
      name: 'fresh_evidence',
      title: 'The evidence is fresh',
      passed: false,
      value: 300,
      threshold: 120,
      reason:
        'Stale evidence: the snapshot is 300 s old, more than two refresh intervals (120 s)',
    },
    'failed: The evidence is fresh' +
      'Stale evidence: the snapshot is 300 s old, more than two refresh intervals (120 s)',
  ],
];

describe('GateChecklist', () => {
  it.each(cases)('shows each fact once: %s', async (_case, gate, line) => {
    await renderInTestApp(
      <GateChecklist
        report={gateReportFixture({
          agent: 'critic',
          from: 'dry_run',
          to: 'execute',
          passed: gate.passed,
          gates: [gate],
        })}
      />,
    );

    const list = screen.getByRole('list', {
      name: 'Gates of promoting critic from dry_run to execute',
    });
    const [item] = within(list).getAllByRole('listitem');
    expect(item.textContent).toBe(line);
    expect(
      screen.getByText(
        gate.passed ? /^All 1 gates pass/ : /^1 of 1 gates fail/,
      ),
    ).toBeInTheDocument();
  });

  it('says when a second person must approve', async () => {
    await renderInTestApp(
      <GateChecklist
        report={gateReportFixture({
          to: 'execute',
          environment: 'prod',
          requiresApproval: true,
        })}
      />,
    );

    expect(
      screen.getByText(
        'Promotion into execute needs a second person’s approval in prod: a request will wait until someone approves it.',
      ),
    ).toBeInTheDocument();
  });
});
