import { expect, Locator, Page, test as base } from '@playwright/test';
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

/** How long a journey waits for data the first refresh of the embedded AWS default brings (a cold start is slow). */
export const DATA_TIMEOUT = 120_000;

/** Waits for the Alarms table and checks it lists the mesh's CloudWatch alarms, found by the naming convention. */
export async function expectMeshAlarms(page: Page, meshId: string) {
  const alarms = page.getByRole('table', { name: 'Alarms' });
  await expect(alarms).toBeVisible({ timeout: DATA_TIMEOUT });
  const prefix = new RegExp(`^agent-mesh-${meshId}/`);
  await expect(
    alarms.getByRole('cell', { name: prefix }).first(),
  ).toBeVisible();
}

/**
 * How `table` lays out at the current viewport: the ancestors (its scroll container, the page) that scroll
 * sideways, and the words of its cells that are broken over two lines. A word is what stands between plain
 * spaces, so units joined with no-break spaces (`2 waiting runs`) count as one.
 */
export async function tableLayout(
  table: Locator,
): Promise<{ overflowing: string[]; brokenWords: string[] }> {
  return table.evaluate(element => {
    const overflowing: string[] = [];
    for (
      let node: HTMLElement | null = element as HTMLElement;
      node;
      node = node.parentElement
    ) {
      if (node.scrollWidth > node.clientWidth + 1) {
        overflowing.push(
          `${node.tagName.toLowerCase()}.${node.className}: scrollWidth ${
            node.scrollWidth
          } > clientWidth ${node.clientWidth}`,
        );
      }
    }
    const brokenWords: string[] = [];
    const texts = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let text = texts.nextNode(); text; text = texts.nextNode()) {
      const value = text.textContent ?? '';
      for (const match of value.matchAll(/[^ \t\n]+/g)) {
        const range = document.createRange();
        range.setStart(text, match.index!);
        range.setEnd(text, match.index! + match[0].length);
        const lines = new Set(
          Array.from(range.getClientRects())
            .filter(rect => rect.width > 0)
            .map(rect => Math.round(rect.bottom)),
        );
        if (lines.size > 1) {
          brokenWords.push(match[0]);
        }
      }
    }
    return { overflowing, brokenWords };
  });
}

/** Our plugin's code as the dev server names it in stacks and component stacks. */
const OUR_CODE = /plugins\/agent-mesh\/|@agent-mesh\/plugin-agent-mesh/;

/** The component frames of a React warning that name a file, innermost first. */
function locatedFrames(text: string): string[] {
  return text.split('\n').filter(line => /^\s*at \S+ \(/.test(line));
}

/**
 * Whether a console message or page error is ours to fail on:
 * - a React warning raised by our components: one of the three innermost component frames that name a file
 *   is our plugin's code. Deprecation warnings that React raises for a library component's own code
 *   (defaultProps, findDOMNode: material-table and MUI v4 inside Backstage's Table and Button) count only
 *   when the innermost located frame is ours;
 * - any other error that names the Agent Mesh plugin (its code, its API under /api/agent-mesh).
 * Errors and warnings of other plugins (e.g. network noise, the sign-in page) are only logged.
 */
function ours(text: string, url = ''): boolean {
  if (/Warning: /.test(text.slice(0, 200))) {
    const frames = locatedFrames(text);
    const libraryDeprecation =
      /defaultProps will be removed|findDOMNode is deprecated/.test(text);
    return frames
      .slice(0, libraryDeprecation ? 1 : 3)
      .some(frame => OUR_CODE.test(frame));
  }
  return (
    OUR_CODE.test(text) ||
    /agent-mesh|agentMesh|AgentMesh/.test(text) ||
    /\/api\/agent-mesh\/|plugins\/agent-mesh\//.test(url)
  );
}

/** The first line of a message and the frames of our code, enough to find the component. */
function brief(text: string): string {
  const lines = text.split('\n');
  const mine = lines
    .slice(1)
    .filter(line => OUR_CODE.test(line))
    .slice(0, 5);
  return [lines[0].slice(0, 500), ...mine].join('\n');
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
      problems.push(
        `${who} console.${type} at ${page.url()}: ${brief(text)} (${url})`,
      );
    } else if (type === 'error') {
      // eslint-disable-next-line no-console
      console.log(
        `[ignored ${who} console.error] ${text
          .split('\n')[0]
          .slice(0, 160)} ${locatedFrames(text)
          .slice(0, 8)
          .map(f => f.trim().split(' (')[0])
          .join(' < ')}`,
      );
    }
  });
  page.on('pageerror', error => {
    const text = `${error.message}\n${error.stack ?? ''}`;
    if (ours(text)) {
      problems.push(`${who} page error at ${page.url()}: ${brief(text)}`);
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
