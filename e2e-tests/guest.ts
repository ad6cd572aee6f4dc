import { Browser, BrowserContext, expect, Page } from '@playwright/test';

/** A link of the app's sidebar by its exact name. */
export function sidebarLink(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true });
}

/**
 * Opens the app and enters as the guest user; the first load waits for the dev server's bundle. The test
 * server is ready when the Agent Mesh plugin answers, which can be before the auth backend's guest provider
 * does (the app then says "You cannot sign in as a guest"): Enter is tried again until the sign-in holds.
 */
export async function signInAsGuest(page: Page) {
  await page.goto('/', { timeout: 180_000 });
  await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible({
    timeout: 180_000,
  });
  await expect(async () => {
    const refused = page.getByRole('alertdialog', {
      name: /You cannot sign in as a guest/,
    });
    if (await refused.isVisible()) {
      await refused.getByRole('button', { name: 'Close' }).click();
    }
    const enter = page.getByRole('button', { name: 'Enter' });
    if (await enter.isVisible()) {
      await enter.click();
    }
    await expect(sidebarLink(page, 'Catalog')).toBeVisible({
      timeout: 10_000,
    });
  }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });
}

/**
 * Sends the app's guest sign-in of `context` to the local `reviewer` auth provider
 * (packages/backend/src/auth/localReviewerAuthModule.ts), so the sign-in page's Enter signs in as
 * user:default/reviewer, a member of mesh-approvers (catalog/org.yaml).
 */
export async function routeGuestToReviewer(context: BrowserContext) {
  await context.route('**/api/auth/guest/refresh**', route =>
    route.continue({
      url: route.request().url().replace('/auth/guest/', '/auth/reviewer/'),
    }),
  );
}

/**
 * A second person: a new browser context whose guest sign-in is the reviewer, signed in. Close the context
 * when done.
 */
export async function signInAsReviewer(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await routeGuestToReviewer(context);
  const page = await context.newPage();
  await signInAsGuest(page);
  return { context, page };
}
