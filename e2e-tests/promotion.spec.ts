import { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sidebarLink, signInAsGuest, signInAsReviewer } from './guest';
import {
  DATA_TIMEOUT,
  expect,
  expectMeshAlarms,
  snap,
  test,
  watchConsole,
} from './journey';

/*
 * The third journey, in the browser: watch a mesh, then change lanes from the portal behind the gates, a
 * second person and the history, and answer a run waiting at the approval gate.
 *
 * Everything comes from the embedded AWS (packages/local-aws) through the backend; its README's "Promotion
 * facts" say which promotions pass their gates: support-dev's critic read_only -> dry_run, research-prod's
 * critic dry_run -> execute (a second person in prod). Medium and large meshes have runs waiting at the gate.
 *
 * The journeys share one app session and run serially; each puts the lanes back as it found them.
 * Every page visited is saved under e2e-tests/screenshots/ (git-ignored). A console error or React warning
 * of our plugin fails the test (./journey.ts).
 */

/** The embedded AWS's control API (packages/local-aws README), on the port app-config.yaml gives it. */
const LOCAL_AWS = 'http://127.0.0.1:4599/_local';

/**
 * Its token: the one config fixes (`APP_CONFIG_localAws_controlToken`), or the one the running backend drew
 * and wrote to `localAws.controlTokenFile` of app-config.yaml (read at each call: a restarted backend has a new one).
 */
function localAwsToken(): string {
  return (
    process.env.APP_CONFIG_localAws_controlToken ??
    readFileSync(
      join(__dirname, '..', '.cache', 'agent-mesh', 'local-aws-token'),
      'utf8',
    ).trim()
  );
}

/** Longer than any run's remaining steps after the approval gate: its execute step is at most ~32 minutes. */
const RUN_FINISH_MS = 45 * 60_000;

/** Moves the embedded AWS's world clock on; it answers when the runs due in between have caught up. */
async function advanceWorldClock(ms: number) {
  const response = await fetch(`${LOCAL_AWS}/clock/advance`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-agent-mesh-local-token': localAwsToken(),
    },
    body: JSON.stringify({ ms }),
  });
  expect(response.status, await response.text()).toBe(200);
}

test.describe.configure({ mode: 'serial' });

/** The mesh list, then a mesh by its title. */
async function openMeshFromList(page: Page, title: string, shot?: string) {
  await sidebarLink(page, 'Agent Mesh').click();
  await expect(page).toHaveURL(/\/agent-mesh$/);
  const link = page.getByRole('table').getByRole('link', { name: title });
  await expect(link).toBeVisible({ timeout: DATA_TIMEOUT });
  if (shot) {
    await snap(page, shot);
  }
  await link.click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
}

/** An entity page tab by its name. */
async function openTab(page: Page, name: string) {
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true })
    .click();
}

/** The Lanes card's row of an agent. */
function laneRow(page: Page, agent: string): Locator {
  return page.getByRole('row').filter({
    has: page.getByRole('link', { name: agent, exact: true }),
  });
}

/** The Lane history card. */
function historyCard(page: Page): Locator {
  return page
    .locator('div')
    .filter({ has: page.getByText('Lane history', { exact: true }) })
    .filter({ has: page.getByRole('button', { name: 'Older entries' }) })
    .last();
}

/** The history row of one change, newest first: actor, action, agent, and the lanes or the reason. */
function historyRow(
  page: Page,
  parts: {
    actor: string;
    action: string;
    agent: string;
    change?: string;
    reason?: string;
  },
): Locator {
  let rows = historyCard(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: parts.actor, exact: true }) })
    .filter({
      has: page.getByRole('cell', { name: parts.action, exact: true }),
    })
    .filter({
      has: page.getByRole('cell', { name: parts.agent, exact: true }),
    });
  for (const text of [parts.change, parts.reason]) {
    if (text) {
      rows = rows.filter({
        has: page.getByRole('cell', { name: text, exact: true }),
      });
    }
  }
  return rows.first();
}

/** Opens the lanes tab of a mesh directly (a reload of the same page for a second look). */
async function gotoLanes(page: Page, mesh: string) {
  await page.goto(`/catalog/default/system/${mesh}/lanes`);
  await expect(page.getByText(/^Environment: /)).toBeVisible({
    timeout: DATA_TIMEOUT,
  });
}

/** Demotes `agent` to `to` through its dialog (demotion is never gated). */
async function demote(page: Page, agent: string, from: string, to: string) {
  await page.getByRole('button', { name: `Demote ${agent} to ${to}` }).click();
  const dialog = page.getByRole('dialog', {
    name: `Demote ${agent} from ${from} to ${to}`,
  });
  await expect(dialog).toBeVisible();
  await dialog
    .getByRole('textbox', { name: 'Reason (optional)' })
    .fill('e2e: put the demo lane back');
  await dialog.getByRole('button', { name: 'Demote', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('status').filter({ hasText: `${agent} is now in ${to}` }),
  ).toBeVisible();
  await expect(
    laneRow(page, agent).getByRole('cell', { name: to, exact: true }),
  ).toBeVisible();
}

test.describe('lanes and approvals', () => {
  test.setTimeout(300_000);

  test('a demo mesh shows runs, alarms and a cost chart with data', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await openMeshFromList(page, 'Billing (staging)', '01-mesh-list');
    await openTab(page, 'Agent Mesh');
    await expect(page.getByRole('table', { name: 'Agents' })).toBeVisible({
      timeout: DATA_TIMEOUT,
    });
    await snap(page, '02-billing-staging-agent-mesh');

    await openTab(page, 'Mesh Runs');
    const runs = page.getByRole('table', { name: 'Runs' });
    await expect(runs).toBeVisible({ timeout: DATA_TIMEOUT });
    await expect(
      runs.getByRole('button', { name: /^Show events of / }).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('figure', {
        name: /^Runs per hour over the last \d+ h, succeeded and failed by lane$/,
      }),
    ).toBeVisible({ timeout: DATA_TIMEOUT });
    await snap(page, '03-billing-staging-runs');

    await openTab(page, 'Mesh Alarms');
    await expectMeshAlarms(page, 'billing-staging');
    await expect(page.getByRole('figure').first()).toBeVisible({
      timeout: DATA_TIMEOUT,
    });
    await snap(page, '04-billing-staging-alarms');

    await openTab(page, 'Mesh Cost');
    const chart = page.getByRole('figure', { name: 'Cost by service, daily' });
    await expect(chart).toBeVisible({ timeout: DATA_TIMEOUT });
    // The legend names the five largest services the bars stack (Cost Explorer's SERVICE names) and Other,
    // since a medium mesh has more; the caption the budget line and the forecast.
    await expect(chart.getByText(/^(Amazon|AWS) ?[A-Z]/).first()).toBeVisible();
    await expect(
      chart.getByText('Other', { exact: true }).first(),
    ).toBeVisible();
    await expect(
      chart.getByText(
        /^Budget \$[\d,]+\.\d{2} a month .* Forecast \$[\d,]+\.\d{2} for the month/,
      ),
    ).toBeVisible();
    // The budget and forecast lines are drawn even where they are above the highest bar (the axis widens).
    await expect(chart.getByText('Budget per day')).toBeVisible();
    await expect(chart.getByText('Forecast per day')).toBeVisible();
    // Bars were drawn for the series (recharts renders one rectangle per non-zero value).
    await expect(
      chart.locator('.recharts-bar-rectangle').first(),
    ).toBeAttached();
    await expect(
      page
        .getByRole('table', { name: 'Cost by service' })
        .getByRole('cell', { name: /^\$/ })
        .first(),
    ).toBeVisible();
    await snap(page, '05-billing-staging-cost');

    await page.getByRole('button', { name: 'Agent', exact: true }).click();
    const byAgent = page.getByRole('figure', { name: 'Cost by agent, daily' });
    await expect(byAgent).toBeVisible({ timeout: DATA_TIMEOUT });
    await expect(byAgent.getByText('conductor').first()).toBeVisible();
    await snap(page, '06-billing-staging-cost-by-agent');
  });

  test("the cost tab compares spend with the mesh's own budget", async ({
    page,
  }) => {
    // The budget is the mesh's own (agent-mesh.io/monthly-budget-usd: '400'), not the medium tier's 500.
    await signInAsGuest(page);
    await page.goto('/catalog/default/system/billing-staging/agent-mesh-cost');
    await expect(
      page.getByRole('row', { name: /^Budget \$400\.00 a month/ }),
    ).toBeVisible({
      timeout: DATA_TIMEOUT,
    });
    await expect(
      page
        .getByRole('figure', { name: 'Cost by service, daily' })
        .getByText(/^Budget \$400\.00 a month/),
    ).toBeVisible();
  });

  test('the owner promotes an agent whose gates pass, sees the lane and the history, and demotes it back', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await openMeshFromList(page, 'Support (dev)');
    await openTab(page, 'Lanes');
    await expect(page).toHaveURL(
      /\/catalog\/default\/system\/support-dev\/lanes$/,
    );

    const critic = laneRow(page, 'critic');
    await expect(critic).toBeVisible({ timeout: DATA_TIMEOUT });
    await expect(
      critic.getByRole('cell', { name: 'read_only', exact: true }),
    ).toBeVisible();

    // The gate checklist, before any click on Promote.
    await critic.getByRole('button', { name: 'Show gates of critic' }).click();
    const gates = page.getByRole('list', {
      name: 'Gates of promoting critic from read_only to dry_run',
    });
    await expect(gates).toBeVisible({ timeout: DATA_TIMEOUT });
    await expect(page.getByText(/^All \d+ gates pass/)).toBeVisible();
    const items = gates.getByRole('listitem');
    expect(await items.count()).toBeGreaterThan(0);
    for (const item of await items.all()) {
      await expect(item).toContainText(/^passed: /);
    }
    await snap(page, '07-support-dev-lanes-gates');

    await page
      .getByRole('button', { name: 'Promote critic to dry_run' })
      .click();
    const dialog = page.getByRole('dialog', {
      name: 'Promote critic from read_only to dry_run',
    });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText(/^All \d+ gates pass/)).toBeVisible({
      timeout: DATA_TIMEOUT,
    });
    await dialog
      .getByRole('textbox', { name: 'Reason (optional)' })
      .fill('e2e: the critic has the evidence for dry_run');
    await snap(page, '08-support-dev-promote-dialog');
    await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
    await expect(dialog).toBeHidden();

    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /critic is now in dry_run \(version \d+\)/ }),
    ).toBeVisible();
    await expect(
      critic.getByRole('cell', { name: 'dry_run', exact: true }),
    ).toBeVisible();
    await expect(
      historyRow(page, {
        actor: 'user:default/guest',
        action: 'Promoted',
        agent: 'critic',
        change: 'read_only → dry_run',
      }),
    ).toBeVisible();
    await snap(page, '09-support-dev-promoted');

    // And back: a demotion is never gated.
    await demote(page, 'critic', 'dry_run', 'read_only');
    await expect(
      historyRow(page, {
        actor: 'user:default/guest',
        action: 'Demoted',
        agent: 'critic',
        change: 'dry_run → read_only',
      }),
    ).toBeVisible();
    await snap(page, '10-support-dev-demoted');
  });

  test('a promotion into execute in prod waits for a second person, who approves it', async ({
    page,
    browser,
    consoleProblems,
  }) => {
    await signInAsGuest(page);
    await openMeshFromList(page, 'Research (prod)');
    await openTab(page, 'Lanes');
    await expect(page.getByText('Environment: prod')).toBeVisible({
      timeout: DATA_TIMEOUT,
    });

    const critic = laneRow(page, 'critic');
    await expect(
      critic.getByRole('cell', { name: 'dry_run', exact: true }),
    ).toBeVisible();
    const promote = page.getByRole('button', {
      name: 'Promote critic to execute',
    });
    await expect(promote).not.toHaveAccessibleDescription(
      'Checking your permissions…',
    );
    await snap(page, '11-research-prod-lanes');
    // The guest owns research-prod (catalog/org.yaml: a member of research-team).
    await expect(promote).toBeEnabled();

    await promote.click();
    const dialog = page.getByRole('dialog', {
      name: 'Promote critic from dry_run to execute',
    });
    await expect(dialog).toBeVisible();
    // The demo's steady agents never fail (packages/local-aws promotionCast.ts), so research-prod's critic
    // clears the prod failure-rate limit on every day.
    await expect(dialog.getByText(/^All \d+ gates pass/)).toBeVisible({
      timeout: DATA_TIMEOUT,
    });
    await snap(page, '12-research-prod-request-dialog');
    await expect(
      dialog.getByText(/needs a second person’s approval in prod/),
    ).toBeVisible();
    await dialog
      .getByRole('textbox', { name: 'Reason (optional)' })
      .fill('e2e: the critic is ready to execute');
    await dialog
      .getByRole('button', { name: 'Request promotion', exact: true })
      .click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByRole('status').filter({
        hasText:
          'The promotion of critic to execute waits for a second person’s approval.',
      }),
    ).toBeVisible();

    // Pending: the lane has not changed, and the requester may not approve their own request.
    await expect(
      critic.getByRole('cell', { name: 'dry_run', exact: true }),
    ).toBeVisible();
    await expect(
      critic.getByText('execute, requested by user:default/guest'),
    ).toBeVisible();
    const ownApprove = page.getByRole('button', {
      name: 'Approve promotion of critic to execute',
    });
    await expect(ownApprove).toBeDisabled();
    await expect(ownApprove).toHaveAccessibleDescription(
      'You requested this promotion: a second person must approve it.',
    );
    await expect(
      historyRow(page, {
        actor: 'user:default/guest',
        action: 'Promotion requested',
        agent: 'critic',
        change: 'dry_run → execute',
      }),
    ).toBeVisible();
    await snap(page, '13-research-prod-request-pending');

    // The second person.
    const reviewer = await signInAsReviewer(browser);
    try {
      watchConsole(reviewer.page, consoleProblems, 'reviewer');
      const second = reviewer.page;
      await gotoLanes(second, 'research-prod');
      const approve = second.getByRole('button', {
        name: 'Approve promotion of critic to execute',
      });
      await expect(approve).toBeEnabled({ timeout: DATA_TIMEOUT });
      // The reviewer approves but does not own the mesh: lane buttons are disabled with the reason.
      await expect(
        second.getByRole('button', { name: 'Demote critic to read_only' }),
      ).toBeDisabled();
      await snap(second, '14-research-prod-reviewer');
      await approve.click();
      const decision = second.getByRole('dialog', {
        name: 'Approve the promotion of critic to execute',
      });
      await expect(decision).toBeVisible();
      await decision
        .getByRole('textbox', { name: 'Reason (optional)' })
        .fill('e2e: evidence checked');
      await decision
        .getByRole('button', { name: 'Approve', exact: true })
        .click();
      await expect(decision).toBeHidden();
      await expect(
        second
          .getByRole('status')
          .filter({ hasText: /^Approved: critic is now in execute/ }),
      ).toBeVisible();
      await expect(
        laneRow(second, 'critic').getByRole('cell', {
          name: 'execute',
          exact: true,
        }),
      ).toBeVisible();
      await expect(
        historyRow(second, {
          actor: 'user:default/reviewer',
          action: 'Request approved',
          agent: 'critic',
          change: 'dry_run → execute',
        }),
      ).toBeVisible();
      await snap(second, '15-research-prod-approved');
    } finally {
      await reviewer.context.close();
    }

    // The requester sees the new lane, then puts the demo back.
    await gotoLanes(page, 'research-prod');
    await expect(
      critic.getByRole('cell', { name: 'execute', exact: true }),
    ).toBeVisible();
    await expect(
      page.getByText('No promotion request waits for approval.'),
    ).toBeVisible();
    await demote(page, 'critic', 'execute', 'dry_run');
    await snap(page, '16-research-prod-demoted-back');
  });

  test('an approver approves a run waiting at the approval gate, with a reason, and sees it finish', async ({
    browser,
    consoleProblems,
  }) => {
    const reviewer = await signInAsReviewer(browser);
    const page = reviewer.page;
    try {
      watchConsole(page, consoleProblems, 'reviewer');
      await openMeshFromList(page, 'Billing (staging)');
      await openTab(page, 'Lanes');

      // At start each medium mesh has two runs at the gate, and live runs arrive every few minutes.
      const approveButtons = page.getByRole('button', {
        name: /^Approve run /,
      });
      await expect(approveButtons.first()).toBeEnabled({ timeout: 300_000 });
      await snap(page, '17-billing-staging-waiting-runs');
      const label = (await approveButtons.first().getAttribute('aria-label'))!;
      const runName = label.replace('Approve run ', '');

      await approveButtons.first().click();
      const dialog = page.getByRole('dialog', {
        name: `Approve run ${runName}`,
      });
      await expect(dialog).toBeVisible();
      const reason = `e2e: the plan of ${runName} is fine`;
      await dialog
        .getByRole('textbox', { name: 'Reason (optional)' })
        .fill(reason);
      await snap(page, '18-billing-staging-approve-run-dialog');
      await dialog
        .getByRole('button', { name: 'Approve', exact: true })
        .click();
      await expect(dialog).toBeHidden();

      await expect(
        page
          .getByRole('status')
          .filter({ hasText: `Approved ${runName}: the run goes on.` }),
      ).toBeVisible();
      await expect(
        page.getByRole('button', { name: `Approve run ${runName}` }),
      ).toHaveCount(0);
      await expect(
        // The row does not name the run: the API's history entry has executionName, but HistoryCard shows the
        // run's lane as "execute → execute" instead (reported).
        historyRow(page, {
          actor: 'user:default/reviewer',
          action: 'Run approved',
          agent: runName.split('--')[0],
          reason: reason,
        }),
      ).toBeVisible();
      await snap(page, '19-billing-staging-run-approved');

      // The run goes on: the Runs tab shows it running past the gate.
      await openTab(page, 'Mesh Runs');
      const runs = page.getByRole('table', { name: 'Runs' });
      await expect(runs).toBeVisible({ timeout: DATA_TIMEOUT });
      await page
        .getByLabel('Agent', { exact: true })
        .selectOption(runName.split('--')[0]);
      await page.getByLabel('Status', { exact: true }).selectOption('RUNNING');
      const row = runs.getByRole('row').filter({ hasText: runName });
      await expect(row).toBeVisible({ timeout: DATA_TIMEOUT });
      await row
        .getByRole('button', { name: `Show events of ${runName}` })
        .click();
      const events = page.getByRole('table', { name: `Events of ${runName}` });
      await expect(events).toBeVisible({ timeout: DATA_TIMEOUT });
      // Past the gate: the workflow reads the lane again before it executes (issue 8).
      await expect(
        events.getByRole('cell', { name: 'ReloadLane', exact: true }).first(),
      ).toBeVisible();
      await snap(page, '20-billing-staging-approved-run-events');

      // Its execute step takes up to about half an hour on the world clock (local-aws README): move the embedded
      // AWS's clock on, then wait for the backend's next refresh to store the run as finished.
      await advanceWorldClock(RUN_FINISH_MS);
      await expect(async () => {
        await page.reload();
        await page
          .getByLabel('Agent', { exact: true })
          .selectOption(runName.split('--')[0]);
        const finished = runs.getByRole('row').filter({ hasText: runName });
        await expect(
          finished.getByText(/^(SUCCEEDED|FAILED|TIMED_OUT)$/),
        ).toBeVisible({ timeout: 10_000 });
      }).toPass({ timeout: DATA_TIMEOUT, intervals: [10_000] });
      await snap(page, '21-billing-staging-approved-run-finished');
    } finally {
      await reviewer.context.close();
    }
  });
});
