import { expect, Page, test } from '@playwright/test';
import { sidebarLink, signInAsGuest } from './guest';
import { DATA_TIMEOUT, expectMeshAlarms, snap, tableLayout } from './journey';

/*
 * The second journey: watch a mesh's health and cost. Sidebar -> Agent Mesh -> "Billing (staging)" -> its
 * Agent Mesh tab (health), then its Mesh Runs and Mesh Cost tabs. Everything asserted comes from the embedded
 * AWS (packages/local-aws) through the backend's scheduled refresh: the first refresh runs at backend start and
 * then every 30 s locally, and the open view asks for the snapshot again every 30 s, so waits are generous.
 */

const AGENTS = ['conductor', 'critic', 'sweeper', 'lambda-expert', 's3-expert'];

/** An entity page tab, by the path it links to (the sidebar has a link of the same name). */
function entityTab(page: Page, path: string) {
  return page.locator(
    `a[href$="/catalog/default/system/billing-staging/${path}"]`,
  );
}

async function openBillingStaging(page: Page) {
  await signInAsGuest(page);
  await sidebarLink(page, 'Agent Mesh').click();
  await expect(page).toHaveURL(/\/agent-mesh$/);
  await page
    .getByRole('table')
    .getByRole('link', { name: 'Billing (staging)' })
    .click();
  await expect(page).toHaveURL(/\/catalog\/default\/system\/billing-staging/);
}

test.describe('mesh health and cost', () => {
  test.setTimeout(300_000);

  test('the mesh list shows each mesh health', async ({ page }) => {
    await signInAsGuest(page);
    await sidebarLink(page, 'Agent Mesh').click();

    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Billing (staging)' }) });
    await expect(row).toBeVisible();
    // After the first refresh (the open page asks again every 30 s) the mesh is ok or degraded, with runs over
    // the window and the snapshot's age.
    await expect(row.getByText(/^(OK|Degraded)$/)).toBeVisible({
      timeout: DATA_TIMEOUT,
    });
    await expect(row.getByText(/alarms? in ALARM$/)).toBeVisible();
    // Units are joined with no-break spaces (\s): a number stays on the line of its unit.
    await expect(row.getByText(/^\d+\sruns, \d+\.\d%\sfailed$/)).toBeVisible();
    await expect(row.getByText(/^\d+ (s|min) ago$/)).toBeVisible();
  });

  test('the mesh list fits a 1280 px screen: no sideways scrolling, no word broken', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAsGuest(page);
    await sidebarLink(page, 'Agent Mesh').click();
    const table = page.getByRole('table');
    // Every demo mesh read: health, cost against its budget, lanes and pending approvals.
    for (const title of [
      'Support (dev)',
      'Billing (staging)',
      'Research (prod)',
    ]) {
      const row = table
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: title }) });
      await expect(row.getByText(/^(OK|Degraded)$/)).toBeVisible({
        timeout: DATA_TIMEOUT,
      });
      await expect(row.getByText(/ of\s\$[\d,]+\.\d{2}$/)).toBeVisible({
        timeout: DATA_TIMEOUT,
      });
      await expect(row.getByRole('group', { name: /^Lanes: / })).toBeVisible();
      await expect(
        row.getByText(/^(none|\d+\srequests? · \d+\swaiting\sruns?)$/),
      ).toBeVisible();
    }
    await snap(page, '00-mesh-list-1280');
    // The last column is on screen, and nothing scrolls sideways or breaks inside a word.
    await expect(
      page.getByRole('columnheader', { name: 'Pending approvals' }),
    ).toBeInViewport();
    expect(await tableLayout(table)).toEqual({
      overflowing: [],
      brokenWords: [],
    });
  });

  test('the Agent Mesh tab shows agents with lanes, runs, alarms and cost', async ({
    page,
  }) => {
    await openBillingStaging(page);
    await entityTab(page, 'agent-mesh').click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/system\/billing-staging\/agent-mesh$/,
    );

    // Where the mesh lives, and a snapshot from a refresh that has run.
    await expect(
      page.getByRole('row', { name: /^AWS account 222222222222$/ }),
    ).toBeVisible();
    await expect(
      page.getByRole('row', { name: /^Snapshot refreshed \d+ (s|min) ago$/ }),
    ).toBeVisible({ timeout: DATA_TIMEOUT });

    // Runs counted over the window.
    await expect(
      page.getByRole('row', {
        name: /^Runs \(last \d+ h\) [1-9]\d* runs, \d+\.\d% failed, \d+ running$/,
      }),
    ).toBeVisible({ timeout: DATA_TIMEOUT });

    // Every agent of the mesh, each in a lane.
    const agents = page.getByRole('table', { name: 'Agents' });
    await expect(agents).toBeVisible();
    for (const agent of AGENTS) {
      const row = agents
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: agent, exact: true }) });
      await expect(row).toBeVisible();
      await expect(
        row.getByText(/^(read_only|dry_run|execute)$/).first(),
      ).toBeVisible();
    }

    // The mesh's CloudWatch alarms, found by the naming convention.
    await expectMeshAlarms(page, 'billing-staging');
    await expect(page.getByText(/^\d+ in ALARM of [1-9]\d*$/)).toBeVisible();

    // Cost month to date in USD.
    await expect(
      page.getByRole('row', { name: /^Month to date \$[\d,]+\.\d{2}$/ }),
    ).toBeVisible({ timeout: DATA_TIMEOUT });
    await expect(
      page.getByRole('row', { name: /^Currency USD$/ }),
    ).toBeVisible();
  });

  test('the Mesh Runs tab pages runs and opens a run to its events', async ({
    page,
  }) => {
    await openBillingStaging(page);
    await entityTab(page, 'agent-mesh-runs').click();

    const runs = page.getByRole('table', { name: 'Runs' });
    await expect(runs).toBeVisible({ timeout: DATA_TIMEOUT });
    const firstShow = runs
      .getByRole('button', { name: /^Show events of / })
      .first();
    await expect(firstShow).toBeVisible();
    const label = (await firstShow.getAttribute('aria-label'))!;
    const runName = label.replace('Show events of ', '');

    await firstShow.click();
    const events = page.getByRole('table', { name: `Events of ${runName}` });
    await expect(events).toBeVisible({ timeout: DATA_TIMEOUT });
    await expect(
      events.getByRole('cell', { name: 'ExecutionStarted', exact: true }),
    ).toBeVisible();

    await page
      .getByRole('button', { name: `Hide events of ${runName}` })
      .click();
    await expect(events).toBeHidden();

    // Filtering by agent asks the backend again; every run shown is that agent's.
    await page.getByLabel('Agent', { exact: true }).selectOption('conductor');
    await expect(page.getByText('Page 1')).toBeVisible();
    const agentCells = runs.locator('tbody tr td:nth-child(3)');
    await expect(agentCells.first()).toHaveText('conductor', {
      timeout: DATA_TIMEOUT,
    });
    for (const text of await agentCells.allTextContents()) {
      expect(['conductor', '']).toContain(text);
    }
  });

  test('the Mesh Cost tab shows month to date and the series by group', async ({
    page,
  }) => {
    await openBillingStaging(page);
    await entityTab(page, 'agent-mesh-cost').click();

    await expect(
      page.getByRole('row', { name: /^Month to date \$[\d,]+\.\d{2}$/ }),
    ).toBeVisible({ timeout: DATA_TIMEOUT });
    await expect(
      page.getByRole('table', { name: 'Cost by service' }),
    ).toBeVisible();

    await page.getByRole('button', { name: 'Agent', exact: true }).click();
    const byAgent = page.getByRole('table', { name: 'Cost by agent' });
    await expect(byAgent).toBeVisible({ timeout: DATA_TIMEOUT });
    await expect(
      byAgent.getByRole('cell', { name: /^\$/ }).first(),
    ).toBeVisible();
  });
});
