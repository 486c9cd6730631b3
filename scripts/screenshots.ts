// Screenshots of every page and state, light and dark, desktop and 390 px phone, into
// docs/screenshots/ (the README shows the journey with them). Runs against a running app:
//
//   npm run build && npm start          # or npm run dev (the inspector then shows too)
//   npm run screenshots                 # SCREENSHOTS_URL=http://localhost:3000 by default
//
// It makes its own accounts through the API and drives the pages with Chromium, a virtual
// authenticator and the password-manager stand-in from e2e/fixtures (a headless browser has
// no password manager to create the automatic passkey).
// First, before any module reads a setting: the .env files, as Next.js reads them.
import '@/lib/shared/load-env.mjs';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { installCredentialManagerStandIn } from '../e2e/fixtures/credential-manager-stand-in';
import { addVirtualAuthenticator } from '../e2e/fixtures/virtual-authenticator';
import { linkIn, waitForMail } from '../e2e/fixtures/mailbox';
import { findChromium } from './chromium.mjs';

const origin = (process.env.SCREENSHOTS_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const outDir = 'docs/screenshots';
const PASSWORD = 'a calm walk by the sea';
// The app's outbox (no SMTP_URL), where the recovery and verification links are read from.
const outbox = process.env.MAIL_OUTBOX_DIR ?? './data/outbox';
const SCREENS = [
  { name: 'desktop-light', colorScheme: 'light', viewport: { width: 1280, height: 800 } },
  { name: 'desktop-dark', colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
  { name: 'phone-light', colorScheme: 'light', viewport: { width: 390, height: 844 } },
  { name: 'phone-dark', colorScheme: 'dark', viewport: { width: 390, height: 844 } },
] as const;

let counter = 0;
const newEmail = () => `screens-${Date.now().toString(36)}-${++counter}@example.com`;

async function post(page: Page, path: string, data?: unknown) {
  const response = await page.request.post(`${origin}${path}`, { headers: { Origin: origin }, data: data ?? {} });
  if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
  return response;
}

async function shot(page: Page, screen: string, name: string, fullPage = !screen.startsWith('phone')) {
  // Let fonts, the notice's entrance and relative times settle.
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${outDir}/${name}-${screen}.png`, fullPage });
  console.log(`  ${name}-${screen}.png`);
}

async function capture(browser: Browser, screen: (typeof SCREENS)[number]) {
  const context = await browser.newContext({ colorScheme: screen.colorScheme, viewport: screen.viewport, baseURL: origin });
  // tsx compiles this file keeping function names (esbuild's __name helper), and the fixtures'
  // page scripts are sent to the browser as source, helper calls included: define it there.
  await context.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
  const page = await context.newPage();

  await page.goto('/');
  await shot(page, screen.name, '01-home');

  // A returning password user: account made, signed out, password saved in the manager.
  const email = newEmail();
  await post(page, '/api/auth/sign-up', { email, displayName: 'Robin', password: PASSWORD });
  await post(page, '/api/auth/sign-out');
  const standIn = await installCredentialManagerStandIn(page, { answerDelayMs: 400 });
  standIn.savePassword({ site: new URL(origin).hostname, username: email, password: PASSWORD });
  const authenticator = await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  await authenticator.setResponseOverrideBits({ isBadUP: true, isBadUV: true });

  await page.goto('/sign-in');
  await page.locator('form[data-passkey-autofill="idle"]').waitFor();
  await shot(page, screen.name, '02-sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText('The email or password is incorrect.').waitFor();
  await shot(page, screen.name, '03-sign-in-error');

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('[data-notice]').waitFor();
  await shot(page, screen.name, '04-passkey-created');
  const inspectorToggle = page.getByRole('button', { name: /^Inspector/ });
  if (await inspectorToggle.count()) {
    await inspectorToggle.click();
    await page.getByRole('listitem', { name: 'Upgrade done: a passkey was created' }).waitFor();
    await shot(page, screen.name, '12-inspector', false);
    await page.getByRole('button', { name: 'Close inspector' }).click();
  }
  await authenticator.setResponseOverrideBits({ isBadUP: false, isBadUV: false });

  // The account page of someone with a passkey, two sessions and some history.
  await page.goto('/account');
  await page.locator('#passkeys li').first().waitFor();
  const other = await browser.newContext({
    baseURL: origin,
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  });
  await other.request.post(`${origin}/api/auth/sign-in`, { headers: { Origin: origin }, data: { email, password: PASSWORD } });
  await page.reload();
  await page.locator('#sessions li').nth(1).waitFor();
  await shot(page, screen.name, '06-account');
  await other.close();

  await page.getByRole('button', { name: 'Change password' }).click();
  await shot(page, screen.name, '07-change-password');

  // Recovery and verification pages (links read from the API flow a person would follow).
  const fresh = await browser.newContext({ colorScheme: screen.colorScheme, viewport: screen.viewport, baseURL: origin });
  await fresh.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
  const guest = await fresh.newPage();
  await guest.goto('/sign-up');
  await guest.getByLabel('Email').fill(newEmail());
  await guest.getByLabel('Display name').fill('Sam');
  await guest.getByLabel('Password').fill('password123');
  await guest.getByRole('button', { name: 'Create account' }).click();
  await guest.locator('[aria-invalid="true"]').first().waitFor();
  await shot(guest, screen.name, '05-sign-up-error');
  await guest.goto('/forgot-password');
  await guest.getByLabel('Email').fill(email);
  await guest.getByRole('button', { name: 'Email me a link' }).click();
  await guest.getByRole('status').filter({ hasText: /sent/ }).waitFor();
  await shot(guest, screen.name, '08-forgot-password');
  await guest.goto(linkIn(await waitForMail(email, /^Reset your password/, { outbox }), '/recover').toString());
  await shot(guest, screen.name, '09-recover');
  await guest.goto(linkIn(await waitForMail(email, /^Verify your email/, { outbox }), '/verify-email').toString());
  await shot(guest, screen.name, '10-verify-email');
  await guest.goto('/recover?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  await shot(guest, screen.name, '11-link-cannot-be-used');
  await fresh.close();
  await context.close();
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const health = await fetch(`${origin}/api/health`).catch(() => null);
  if (health?.status !== 200)
    throw new Error(`No app answering at ${origin}: start one (npm start or npm run dev) or set SCREENSHOTS_URL.`);
  // Under `npm run dev`, compile every route first: a route compiled while a page waits on it
  // can make the development server reload the page mid-journey.
  for (const path of ['/', '/sign-in', '/sign-up', '/account', '/forgot-password', '/recover', '/verify-email'])
    await fetch(`${origin}${path}`);
  for (const path of ['sign-up', 'sign-in', 'sign-out', 'recovery']
    .map((p) => `/api/auth/${p}`)
    .concat(
      ['sign-in/options', 'sign-in/verify', 'upgrade/options', 'upgrade/outcome', 'register/options', 'register/verify'].map(
        (p) => `/api/passkeys/${p}`,
      ),
    )) {
    await fetch(`${origin}${path}`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body: '{}' });
  }
  await fetch(`${origin}/api/account`);
  const found = findChromium();
  if (!found) throw new Error('No Chromium found: run `node scripts/chromium.mjs`.');
  const browser = await chromium.launch({
    executablePath: found.path,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const screen of SCREENS) {
      console.log(screen.name);
      await capture(browser, screen);
    }
  } finally {
    await browser.close();
  }
}

await main();
