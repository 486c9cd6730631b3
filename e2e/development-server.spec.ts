import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { E2E_DATABASE_URL } from './fixtures/database';
import { PASSWORD } from './fixtures/ceremonies';
import { expectNoViolations } from './fixtures/axe';
import { installCredentialManagerStandIn } from './fixtures/credential-manager-stand-in';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator } from './fixtures/virtual-authenticator';
import { appName } from '../lib/shared/app-name';

// What only `npm run dev` has: the outbox page (/dev/outbox), so the demo needs no mail
// server, and the inspector, which shows each step of the passkey journey as it happens. A
// production build has neither: not on its pages, not in its JavaScript. The development
// tests run against `next dev` on a port of their own, on the suite's database.

const PORT = 3140;
const origin = `http://localhost:${PORT}`;
const OUTBOX = './data/e2e-dev-outbox';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
let dev: ChildProcess | undefined;

test.describe('a production build', () => {
  test('has no outbox page', async ({ page, consoleErrors }) => {
    consoleErrors.expect(/status of 404 .*\/dev\/outbox/);
    const response = await page.goto('/dev/outbox');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('main')).toContainText('This page could not be found');
  });

  test('has no inspector, on its pages or anywhere in its JavaScript', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Inspector/ })).toHaveCount(0);
    // Words that only the inspector's code holds, looked for in every chunk the build made.
    const chunks = path.join('.next-e2e', 'static', 'chunks');
    const files = readdirSync(chunks, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(path.join(chunks, file), 'utf8');
      for (const marker of ['What just happened', 'Asked the browser what it can do', 'passkey-upgrade:inspector']) {
        expect(text.includes(marker), `${marker} in ${file}`).toBe(false);
      }
    }
  });
});

test.describe('in development', () => {
  test.describe.configure({ mode: 'serial' });

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
    // Compile every page and API route the tests use once, before they run: a route compiled
    // while a page waits on it can make the development server reload that page.
    for (const pathname of ['/', '/sign-in', '/account', '/dev/outbox', '/verify-email', '/api/account'])
      await fetch(`${origin}${pathname}`);
    for (const pathname of [
      '/api/auth/sign-up',
      '/api/auth/sign-in',
      '/api/auth/sign-out',
      '/api/passkeys/sign-in/options',
      '/api/passkeys/sign-in/verify',
      '/api/passkeys/upgrade/options',
      '/api/passkeys/upgrade/outcome',
      '/api/passkeys/register/verify',
    ]) {
      await fetch(`${origin}${pathname}`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body: '{}' });
    }
  });

  test.afterAll(() => {
    if (dev?.pid) process.kill(-dev.pid, 'SIGTERM');
  });

  test('the outbox lists the mail the app sent, and its link works', async ({ page, playwright, uniqueEmail }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail();
    const api = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { Origin: origin } });
    expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'Dev', password: PASSWORD } })).status()).toBe(201);

    await page.goto(`${origin}/dev/outbox`);
    const message = page.getByRole('article', { name: `Verify your email address for ${appName()}` }).filter({ hasText: email });
    await expect(async () => {
      await page.reload();
      await expect(message).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expectNoViolations(page, 'outbox');
    await message.getByRole('link', { name: /\/verify-email\?token=/ }).click();
    await expect(page.getByRole('heading', { name: 'Verify your email address' })).toBeVisible({ timeout: 30_000 });
    await api.dispose();
  });

  async function returningPasswordUser(page: Page, email: string) {
    const headers = { Origin: origin };
    await page.goto(`${origin}/sign-in`);
    expect(
      (
        await page.request.post(`${origin}/api/auth/sign-up`, { headers, data: { email, displayName: 'Ines', password: PASSWORD } })
      ).status(),
    ).toBe(201);
    expect((await page.request.post(`${origin}/api/auth/sign-out`, { headers })).status()).toBe(200);
  }

  async function openInspector(page: Page) {
    await page.getByRole('button', { name: /^Inspector/ }).click();
    return page.getByRole('complementary', { name: 'Passkey inspector' });
  }

  async function signInWithPassword(page: Page, email: string) {
    const main = page.getByRole('main');
    await main.getByLabel('Email').fill(email);
    await main.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await main.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(`${origin}/account`, { timeout: 30_000 });
  }

  const step = (inspector: ReturnType<Page['getByRole']>, title: string | RegExp) => inspector.getByRole('listitem', { name: title });

  test('the inspector shows an upgrade that created a passkey, then a passkey sign-in', async ({ page, uniqueEmail }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail();
    await returningPasswordUser(page, email);
    const standIn = await installCredentialManagerStandIn(page);
    standIn.savePassword({ site: 'localhost', username: email, password: PASSWORD });
    const authenticator = await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
    await authenticator.setResponseOverrideBits({ isBadUP: true, isBadUV: true });
    await page.goto(`${origin}/sign-in`);
    const inspector = await openInspector(page);
    await signInWithPassword(page, email);

    await expect(step(inspector, 'Upgrade done: a passkey was created')).toBeVisible({ timeout: 15_000 });
    await expect(step(inspector, 'Asked the browser what it can do')).toContainText('conditionalCreatetrue');
    const options = step(inspector, 'Asked the server for upgrade options');
    await expect(options).toContainText(`user.name${email}`);
    await expect(options).toContainText('excludeCredentials0');
    await expect(options).toContainText('userVerificationpreferred');
    const created = step(inspector, 'The password manager created a passkey');
    await expect(created).toContainText('UP (user present)0');
    await expect(created).toContainText('UV (user verified)0');
    await expect(created).toContainText('BE (can be synced)1');
    await expect(created).toContainText('BS (synced now)1');
    await expect(step(inspector, 'The server verified and stored it')).toContainText('created automatically');
    await expect(step(inspector, /^Signal API: signalAllAcceptedCredentials/).first()).toBeVisible();
    // Nothing secret: challenges are cut short, no cookie value appears.
    const text = (await inspector.textContent()) ?? '';
    const cookies = await page.context().cookies(origin);
    for (const cookie of cookies) expect(text).not.toContain(cookie.value);
    expect(text).not.toContain(PASSWORD);
    await expectNoViolations(page, 'account page with the inspector open');
  });

  test('the inspector shows a passkey sign-in from the autofill', async ({ page, uniqueEmail }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail();
    // A person with a passkey made by hand (a signed-up session is not offered the upgrade).
    await page.goto(`${origin}/sign-in`);
    expect(
      (
        await page.request.post(`${origin}/api/auth/sign-up`, {
          headers: { Origin: origin },
          data: { email, displayName: 'Ines', password: PASSWORD },
        })
      ).status(),
    ).toBe(201);
    await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
    await page.goto(`${origin}/account`);
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await expect(page.locator('#passkeys li')).toHaveCount(1, { timeout: 15_000 });
    const inspector = await openInspector(page);

    // Signed out, the sign-in page offers the passkey in the autofill, which finds it and signs
    // in again. Sign-out, the sign-in page, the autofill and the verification each take their
    // turn (next dev may compile on first use): wait for what the inspector shows at the end,
    // not for the URL, which is /account before the sign-out as well as after the sign-in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(step(inspector, 'The browser signed with a passkey').last()).toContainText('UV (user verified)1', { timeout: 45_000 });
    await expect(step(inspector, 'The server verified it: signed in').last()).toBeVisible({ timeout: 30_000 });
    await expect(step(inspector, 'Offered passkeys in the email field’s autofill').last()).toContainText('mediationconditional');
    await expect(page).toHaveURL(`${origin}/account`, { timeout: 30_000 });
  });

  test('the inspector says why no passkey was made when the password manager declined', async ({ page, uniqueEmail }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail();
    await returningPasswordUser(page, email);
    // No stand-in: Chromium itself declines (no password manager holds this password).
    await addVirtualAuthenticator(page, { enableUI: true });
    await page.goto(`${origin}/sign-in`);
    const inspector = await openInspector(page);
    await signInWithPassword(page, email);
    const ended = step(inspector, 'Upgrade ended without a passkey').last();
    await expect(ended).toBeVisible({ timeout: 15_000 });
    await expect(ended).toContainText('NotAllowedError');
    await expect(ended).toContainText(`saved password for exactly “${email}”`);
    await expect(ended).toContainText('within the last 5 minutes');
    await expect(ended).toContainText('Create passkeys automatically');
    await expectNoViolations(page, 'the inspector with an explanation');
  });

  test.describe('in Firefox', () => {
    test.use({ userAgent: FIREFOX });

    test('the inspector says the browser cannot upgrade', async ({ page, uniqueEmail }) => {
      test.setTimeout(90_000);
      const email = uniqueEmail();
      // Firefox has no getClientCapabilities().conditionalCreate.
      await page.addInitScript(() => {
        Object.defineProperty(PublicKeyCredential, 'getClientCapabilities', { value: async () => ({ conditionalGet: true }) });
      });
      await returningPasswordUser(page, email);
      await page.goto(`${origin}/sign-in`);
      const inspector = await openInspector(page);
      await signInWithPassword(page, email);
      const ended = step(inspector, 'Upgrade ended without a passkey').last();
      await expect(ended).toBeVisible({ timeout: 15_000 });
      await expect(ended).toContainText('unsupported');
      await expect(ended).toContainText('Firefox does not support automatic passkey creation');
      await expect(step(inspector, 'Asked the browser what it can do').last()).toContainText('conditionalCreatenot reported');
    });
  });
});
