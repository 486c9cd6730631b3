import { defineConfig, devices } from '@playwright/test';
import { E2E_DATABASE_URL } from './e2e/fixtures/database';
import { E2E_OUTBOX_DIR } from './e2e/fixtures/mailbox';
import { findChromium } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;

const databaseOutageTest = /^postgres/.test(E2E_DATABASE_URL) && !!process.env.E2E_DB_STOP_COMMAND && !!process.env.E2E_DB_START_COMMAND;

const chromium = findChromium();
if (!chromium) throw new Error('No Chromium found: run `node scripts/chromium.mjs` (npm run test:e2e does).');

export default defineConfig({
  testDir: './e2e',
  // Tests share one server and database; each makes its own accounts and client address.
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: true,
  retries: 0,
  // Upper bounds, not waits: every test waits for conditions, and passes as soon as they hold.
  // They are wide because a newcomer's laptop is busy (an editor, a browser, a build): on 2
  // cores with two CPU-bound processes beside the suite, axe on a full page and a first
  // `next dev` compile each took several times as long as on an idle machine.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium.path,
      // The machines this runs on may have no internet: keep Chromium from calling home.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: /database-outage/ },
    // Stops the shared database, so it runs after everything else; only where there is a
    // PostgreSQL server to stop and commands to stop and start it (.ci/run sets them).
    ...(databaseOutageTest ? [{ name: 'database-outage', testMatch: /database-outage/, dependencies: ['chromium'] }] : []),
  ],
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    // The server logs a JSON line per request; E2E_SERVER_LOGS=1 shows them. Errors always show.
    stdout: process.env.E2E_SERVER_LOGS ? 'pipe' : 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      NEXT_DIST_DIR: '.next-e2e',
      // SQLite by default; E2E_DATABASE_URL=postgresql://… runs the same suite on PostgreSQL.
      DATABASE_URL: E2E_DATABASE_URL,
      APP_ORIGIN: baseURL,
      // The suite plays the part of one trusted reverse proxy: each test sends its own
      // X-Forwarded-For, so tests do not share one client address's failure counter.
      TRUST_PROXY_HOPS: '1',
      // No SMTP_URL: mail is written here, where e2e/fixtures/mailbox.ts reads it.
      MAIL_OUTBOX_DIR: E2E_OUTBOX_DIR,
    },
  },
});
