import { defineConfig } from '@playwright/test';

/**
 * Browser journeys against the running product. The test run starts the app and backend with the same command
 * as the README's quick start (`backstage-cli repo start`), waits for both, and stops them afterwards.
 * Browsers are never downloaded: Debian's chromium is used (`apt-get install chromium`).
 */
export default defineConfig({
  testDir: 'e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list'], ['json']],
  outputDir: 'node_modules/.cache/e2e-test-results',
  webServer: {
    // The README's start command. The backend is ready when its plugins answer; the app's dev server holds
    // requests until its bundle is built.
    command: 'bash scripts/start.sh',
    url: 'http://localhost:7007/api/agent-mesh/health',
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
