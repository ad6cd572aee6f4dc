import { expect, Page } from '@playwright/test';

/** A link of the app's sidebar by its exact name. */
export function sidebarLink(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true });
}

/** Opens the app and enters as the guest user; the first load waits for the dev server's bundle. */
export async function signInAsGuest(page: Page) {
  await page.goto('/', { timeout: 180_000 });
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(sidebarLink(page, 'Catalog')).toBeVisible();
}
