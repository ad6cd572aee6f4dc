import { Browser, BrowserContext, expect, Page } from '@playwright/test';

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
