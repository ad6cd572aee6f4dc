import { expect, Page, test as base } from '@playwright/test';
import { mkdirSync } from 'fs';
import { join } from 'path';

/** Where each journey saves a screenshot of each page it visits (git-ignored). */
export const SCREENSHOTS = join(__dirname, 'screenshots');

/** Saves a full-page screenshot under e2e-tests/screenshots/<name>.png. */
export async function snap(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
  });
}

/**
 * Whether a console message or page error is ours to fail on: anything that names the Agent Mesh plugin
 * (its code, its API under /api/agent-mesh, its components) and every React warning. Errors of other
 * plugins (e.g. network noise) are only logged.
 */
function ours(text: string, url = ''): boolean {
  return (
    /agent-mesh|agentMesh|AgentMesh/.test(text) ||
    /\/api\/agent-mesh\/|plugins\/agent-mesh\//.test(url) ||
    /^Warning: /.test(text) ||
    /Warning: /.test(text.slice(0, 200))
  );
}

/** Collects the console errors and React warnings of our plugin on `page`; `problems` is filled in place. */
export function watchConsole(page: Page, problems: string[], who = 'page') {
  page.on('console', msg => {
    const type = msg.type();
    if (type !== 'error' && type !== 'warning') {
      return;
    }
    const text = msg.text();
    const url = msg.location()?.url ?? '';
    if (ours(text, url) && (type === 'error' || /Warning: /.test(text))) {
      problems.push(`${who} console.${type} at ${page.url()}: ${text} (${url})`);
    } else if (type === 'error') {
      // eslint-disable-next-line no-console
      console.log(`[ignored ${who} console.error] ${text.slice(0, 300)} (${url})`);
    }
  });
  page.on('pageerror', error => {
    const text = `${error.message}\n${error.stack ?? ''}`;
    if (ours(text)) {
      problems.push(`${who} page error at ${page.url()}: ${text}`);
    } else {
      // eslint-disable-next-line no-console
      console.log(`[ignored ${who} page error] ${error.message}`);
    }
  });
}

/**
 * `test` whose `page` is watched: a test fails on any console error or React warning raised by our own
 * components. `consoleProblems` is the shared list, for watching other pages (a second person's context).
 */
export const test = base.extend<{ consoleProblems: string[] }>({
  consoleProblems: async ({}, use) => {
    const problems: string[] = [];
    await use(problems);
    expect(problems, 'console errors or React warnings of Agent Mesh').toEqual(
      [],
    );
  },
  page: async ({ page, consoleProblems }, use) => {
    watchConsole(page, consoleProblems, 'guest');
    await use(page);
  },
});

export { expect };
