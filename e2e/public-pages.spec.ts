import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { SCREENS, expectNoViolations } from './fixtures/axe';
import { expect, test } from './fixtures/test';
import { appName } from '../lib/shared/app-name';

// What a newcomer meets before signing in: the 404 and error pages in the app's own shell
// (header, footer, light and dark, a way home, no scrolling on a short page), the footer, and
// the auth pages' buttons, which line up, answer hover and say when they are busy.

/** The page fits the window: nothing to scroll, across or down. */
async function fitsTheWindow(page: Page) {
  const size = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    width: window.innerWidth,
    height: window.innerHeight,
  }));
  expect(size.scrollWidth, 'no sideways scrolling').toBeLessThanOrEqual(size.width);
  expect(size.scrollHeight, 'no scrolling down').toBeLessThanOrEqual(size.height);
}

/** The page's background is the app's own, not the framework's pure black or white. */
async function expectAppBackground(page: Page, colorScheme: 'light' | 'dark') {
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe(colorScheme === 'dark' ? 'rgb(17, 20, 24)' : 'rgb(246, 247, 249)');
}

test('a page that does not exist: a designed 404 in the app’s shell, with a way home, in every screen', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  for (const screen of SCREENS) {
    const context = await browser.newContext({ baseURL, colorScheme: screen.colorScheme, viewport: screen.viewport });
    const page = await context.newPage();
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('This page could not be found');
    await expect(page.getByRole('banner').getByRole('link', { name: appName() })).toBeVisible();
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expectAppBackground(page, screen.colorScheme);
    await fitsTheWindow(page);
    await expectNoViolations(page, `404, ${screen.name}`);
    await page.getByRole('main').getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /Sign in with a password once/ })).toBeVisible();
    await context.close();
  }
});

test.describe('when a page cannot be rendered', () => {
  test.describe.configure({ mode: 'serial' });
  // A server of its own on a database with no tables: any page that reads a session fails.
  const PORT = 3752;
  const origin = `http://localhost:${PORT}`;
  const database = './data/e2e-error-page.db';
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
    server = spawn(process.execPath, ['server.mjs'], {
      env: {
        ...process.env,
        PORT: String(PORT),
        NEXT_DIST_DIR: '.next-e2e',
        DATABASE_URL: `file:${database}`,
        APP_ORIGIN: origin,
        WEB_CONCURRENCY: '1',
      },
      stdio: 'ignore',
      detached: true,
    });
    await expect.poll(async () => (await fetch(`${origin}/`).catch(() => null))?.status, { timeout: 90_000 }).toBe(200);
  });

  test.afterAll(() => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  });

  test('the error page is in the app’s shell, light and dark, with a way home', async ({ browser }) => {
    test.setTimeout(120_000);
    for (const screen of SCREENS) {
      const context = await browser.newContext({ baseURL: origin, colorScheme: screen.colorScheme, viewport: screen.viewport });
      // A session cookie, so the page asks the (table-less) database for it.
      await context.addCookies([{ name: 'session', value: 'a'.repeat(43), url: origin }]);
      const page = await context.newPage();
      await page.goto('/sign-in');
      await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
      await expect(page.getByRole('banner').getByRole('link', { name: appName() })).toBeVisible();
      await expect(page.getByRole('contentinfo')).toBeVisible();
      await expectAppBackground(page, screen.colorScheme);
      await fitsTheWindow(page);
      await expectNoViolations(page, `error page, ${screen.name}`);
      await context.clearCookies();
      await page.getByRole('main').getByRole('link', { name: 'Go to the home page' }).click();
      await expect(page.getByRole('heading', { level: 1, name: /Sign in with a password once/ })).toBeVisible();
      await context.close();
    }
  });
});

test('every public page ends with a footer that leads on', async ({ page }) => {
  for (const path of ['/', '/sign-in', '/sign-up', '/forgot-password']) {
    await page.goto(path);
    const footer = page.getByRole('contentinfo');
    await expect(footer).toBeVisible();
    for (const name of ['Home', 'Sign in', 'Create an account', 'Recover an account']) {
      await expect(footer.getByRole('link', { name, exact: true })).toBeVisible();
    }
  }
});

test('the sign-in page’s two ways in are buttons of one width, at 1280 and 390 px', async ({ page }) => {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto('/sign-in');
    const password = await page.getByRole('button', { name: 'Sign in', exact: true }).boundingBox();
    const passkey = await page.getByRole('button', { name: 'Sign in with a passkey' }).boundingBox();
    const email = await page.getByLabel('Email').boundingBox();
    expect(Math.round(password!.width), `${width} px`).toBe(Math.round(passkey!.width));
    // As wide as the fields above them.
    expect(Math.round(password!.width), `${width} px`).toBe(Math.round(email!.width));
  }
});

test('buttons answer hover, and say when they are busy', async ({ page, uniqueEmail }) => {
  await page.goto('/sign-up');
  const button = page.getByRole('button', { name: 'Create account' });
  const resting = await button.evaluate((element) => getComputedStyle(element).backgroundColor);
  await button.hover();
  await expect.poll(() => button.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe(resting);

  // Held back until the test has seen the busy state.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('/api/auth/sign-up', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByLabel('Email').fill(uniqueEmail());
  await page.getByLabel('Display name').fill('Bea');
  await page.getByLabel('Password').fill('a long passphrase for the busy test');
  await button.click();
  const busy = page.getByRole('button', { name: 'Creating account…' });
  await expect(busy).toHaveAttribute('aria-busy', 'true');
  await expect(busy).toBeDisabled();
  release();
  await expect(page).toHaveURL('/account');
});

test('a passkey sign-in refused by a limit says when to try again, not only "Try again"', async ({ page, api }) => {
  // The page and `api` share this test's client address: spend its sign-in options.
  for (let i = 0; i < 60; i++) await api.post('/api/passkeys/sign-in/options');
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText(
    'Too many passkey sign-ins were started from here. Try again in 15 minutes.',
  );
});
