import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventTypesOf, passkeysOf } from './fixtures/database';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator } from './fixtures/virtual-authenticator';

// No stand-in: Chromium itself is the oracle. With its WebAuthn UI enabled and no password
// manager to fulfil it, a conditional create fails at once with NotAllowedError, and
// Chromium's log says "Passkey upgrade request failed". The person must see nothing of it.

const logDir = join('test-results', 'chromium-logs');
const logFile = join(logDir, `not-eligible-${process.pid}.log`);

test.use({
  launchOptions: async ({ launchOptions }, use) => {
    mkdirSync(logDir, { recursive: true });
    rmSync(logFile, { force: true });
    await use({ ...launchOptions, args: [...(launchOptions.args ?? []), '--enable-logging', `--log-file=${logFile}`] });
  },
});

test('when the password manager does not create a passkey, nothing visible happens and the person stays signed in', async ({
  page,
  api,
  uniqueEmail,
}) => {
  const email = uniqueEmail();
  const password = 'quiet evening at home';
  expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'Noor', password } })).status()).toBe(201);
  expect((await api.post('/api/auth/sign-out')).status()).toBe(200);

  await page.goto('/sign-in');
  await addVirtualAuthenticator(page, { enableUI: true });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL('/account');

  // The app asked (the server issued an upgrade challenge), Chromium refused with
  // NotAllowedError, and the page reported it as declined.
  await expect
    .poll(() => eventTypesOf(email))
    .toEqual(['sign_up', 'email.verification_sent', 'sign_out', 'sign_in.password', 'upgrade.offered', 'upgrade.declined']);
  await expect.poll(() => readFileSync(logFile, 'utf8')).toContain('Passkey upgrade request failed');

  // Nothing alarming: no notice, no alert, no page error; still signed in, page usable.
  await expect(page.locator('[data-notice]')).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  expect(errors).toEqual([]);
  expect(await passkeysOf(email)).toEqual([]);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Hello, Noor' })).toBeVisible();
});
