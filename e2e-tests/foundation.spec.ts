import { expect, test } from '@playwright/test';
import { sidebarLink, signInAsGuest } from './guest';

test('the sidebar leads to the Agent Mesh page, which lists the demo meshes from the catalog', async ({
  page,
}) => {
  await signInAsGuest(page);

  await sidebarLink(page, 'Agent Mesh').click();

  await expect(page).toHaveURL(/\/agent-mesh$/);
  const table = page.getByRole('table');
  for (const mesh of [
    'Support (dev)',
    'Billing (staging)',
    'Research (prod)',
  ]) {
    await expect(table.getByRole('link', { name: mesh })).toBeVisible();
  }
});

test('a mesh entity has an Agent Mesh tab', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/system/billing-staging/agent-mesh');

  await expect(page.getByText('billing-staging').first()).toBeVisible();
  await expect(page.getByText('222222222222', { exact: true })).toBeVisible();
});

test('the Create page lists the three agent mesh templates', async ({
  page,
}) => {
  await signInAsGuest(page);

  await sidebarLink(page, 'Create').click();

  for (const size of ['small', 'medium', 'large']) {
    await expect(page.getByText(`Agent mesh — ${size}`)).toBeVisible();
  }
});
