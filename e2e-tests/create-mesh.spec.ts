import { expect, Page, test } from '@playwright/test';
import { sidebarLink, signInAsGuest } from './guest';
import fs from 'node:fs';
import path from 'node:path';

/*
 * The first journey: Create page -> "Agent mesh — small" -> fill the form -> run. The local app publishes the
 * repository as a local git repository (agentMeshScaffolder.localPublish in app-config.yaml) and registers it, so
 * the new mesh entity appears in the catalog and its mesh page opens. The mesh name is unique per run; the
 * catalog location and the local repository are removed afterwards so the other journeys see the demo meshes only.
 */

const BACKEND = 'http://localhost:7007';
const REPOS_DIR = path.resolve(
  __dirname,
  '..',
  '.cache',
  'agent-mesh',
  'repos',
);
const meshName = `e2e-${Date.now().toString(36)}`;
let backendToken: string | undefined;

/** Keeps the guest's backend token to clean up through the catalog API afterwards. */
function recordBackendToken(page: Page) {
  page.on('request', request => {
    const authorization = request.headers().authorization;
    if (request.url().startsWith(BACKEND) && authorization) {
      backendToken = authorization;
    }
  });
}

async function next(page: Page) {
  await page.getByRole('button', { name: 'Next' }).click();
}

test.afterAll(async ({ request }) => {
  if (backendToken) {
    const location = await request.get(
      `${BACKEND}/api/catalog/locations/by-entity/system/default/${meshName}`,
      { headers: { authorization: backendToken } },
    );
    if (location.ok()) {
      const { id } = await location.json();
      await request.delete(`${BACKEND}/api/catalog/locations/${id}`, {
        headers: { authorization: backendToken },
      });
    }
  }
  fs.rmSync(path.join(REPOS_DIR, meshName), { recursive: true, force: true });
});

test('creating a small mesh from the Create page registers it and opens its mesh page', async ({
  page,
}) => {
  test.setTimeout(180_000);
  recordBackendToken(page);
  await signInAsGuest(page);

  // Create page -> the small template
  await sidebarLink(page, 'Create').click();
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Agent mesh — small' });
  await card.getByRole('button', { name: 'Choose' }).click();

  // Mesh
  await page.getByLabel('Mesh name').fill(meshName);
  await page.getByLabel('Description').fill('Created by the browser journey');
  await page.getByLabel('Owner').fill('platform-team');
  await page
    .getByRole('option', { name: /platform-team/ })
    .first()
    .click();
  await next(page);

  // AWS (the region keeps its default, eu-west-1)
  await page.getByLabel('AWS account id').fill('444444444444');
  await next(page);

  // Agents: add one specialized agent; lane and budget keep their defaults
  await page.getByLabel('Lambda expert').check();
  await next(page);

  // Repository: the local app writes a local git repository named after it
  await page.getByLabel('Owner').fill('acme');
  await page.getByLabel('Repository').fill(meshName);
  // The picker commits typed values on blur, so the first Review may validate the field before they land.
  await expect(async () => {
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByRole('button', { name: 'Create' })).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 20_000 });

  // Run
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);

  // The task succeeds: the output page shows the cost estimate and the links
  const meshPageLink = page.getByRole('link', { name: 'Mesh page' });
  await expect(meshPageLink).toBeVisible({ timeout: 120_000 });
  await expect(
    page.getByRole('heading', { name: 'Estimated monthly cost' }),
  ).toBeVisible();
  await expect(page.getByText(/USD a month/).first()).toBeVisible();
  expect(fs.existsSync(path.join(REPOS_DIR, meshName, '.git'))).toBe(true);

  // The mesh entity is in the catalog
  await expect(async () => {
    const res = await page.request.get(
      `${BACKEND}/api/catalog/entities/by-name/system/default/${meshName}`,
      { headers: { authorization: backendToken ?? '' } },
    );
    expect(res.status()).toBe(200);
  }).toPass({ timeout: 60_000 });

  // Its mesh page opens and shows where it lives
  await meshPageLink.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/system/${meshName}/agent-mesh$`),
  );
  await expect(page.getByText(meshName).first()).toBeVisible();
  await expect(page.getByText('444444444444')).toBeVisible();
});
