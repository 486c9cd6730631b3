import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { E2E_DATABASE_URL } from './fixtures/database';
import { PASSWORD } from './fixtures/ceremonies';
import { expectNoViolations } from './fixtures/axe';
import { expect, test } from './fixtures/test';

// The demo's mailbox, /dev/outbox: in development (`npm run dev`) it lists what the app sent,
// with the links clickable, so the demo needs no mail server; a production build answers 404.

const PORT = 3140;
const origin = `http://localhost:${PORT}`;
const OUTBOX = './data/e2e-dev-outbox';
let dev: ChildProcess | undefined;

test.describe.configure({ mode: 'serial' });

test('a production build has no outbox page', async ({ page, consoleErrors }) => {
  consoleErrors.expect(/status of 404 .*\/dev\/outbox/);
  const response = await page.goto('/dev/outbox');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('main')).toContainText('This page could not be found');
});

test.describe('in development', () => {
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    rmSync(OUTBOX, { recursive: true, force: true });
    dev = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'dev', '-p', String(PORT)], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        NEXT_DIST_DIR: '.next-e2e-dev',
        DATABASE_URL: E2E_DATABASE_URL,
        APP_ORIGIN: origin,
        MAIL_OUTBOX_DIR: OUTBOX,
        NEXT_TELEMETRY_DISABLED: '1',
      },
      stdio: 'ignore',
      detached: true,
    });
    await expect
      .poll(async () => (await fetch(`${origin}/api/health`).catch(() => null))?.status, { timeout: 110_000, intervals: [500] })
      .toBe(200);
  });

  test.afterAll(() => {
    if (dev?.pid) process.kill(-dev.pid, 'SIGTERM');
  });

  test('lists the mail the app sent, and its link works', async ({ page, playwright, uniqueEmail }) => {
    test.setTimeout(120_000);
    const email = uniqueEmail();
    const api = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { Origin: origin } });
    expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'Dev', password: PASSWORD } })).status()).toBe(201);

    await page.goto(`${origin}/dev/outbox`);
    const message = page.getByRole('article', { name: 'Verify your email address for Passkey Upgrade' });
    await expect(async () => {
      await page.reload();
      await expect(message.first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(message.first()).toContainText(`To ${email}`);
    await expectNoViolations(page, 'outbox');
    await message.first().getByRole('link', { name: /\/verify-email\?token=/ }).click();
    await expect(page.getByRole('heading', { name: 'Verify your email address' })).toBeVisible({ timeout: 30_000 });
    await api.dispose();
  });
});
