import type { Page } from '@playwright/test';
import type { CredentialManagerOptions } from './fixtures/credential-manager-stand-in';
import { returningPerson as returningPersonWith } from './fixtures/returning-person';
import { eventTypesOf } from './fixtures/database';
import { expect, test } from './fixtures/test';

// A notice belongs to the session and the moment that caused it. "Passkey created" is said
// to the session whose sign-in made the passkey, on its account page, until it is closed;
// never to the signed-out page after it, never to the next sign-in, which created nothing.

const password = 'a lantern in the window';
const notice = (page: Page) => page.locator('[data-notice]');
const announcer = (page: Page) => page.locator('[role="status"][aria-live="polite"][data-announcer]');

const returningPerson = (page: Page, email: string, options: CredentialManagerOptions = {}) =>
  returningPersonWith(page, { email, password, displayName: 'Kit' }, options);

/** On the sign-in page already on screen, if any: a full page load would forget everything. */
async function signInWithPassword(page: Page, email: string) {
  if (new URL(page.url()).pathname !== '/sign-in') await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL('/account');
}

test('“Passkey created” leaves with the session: not on the signed-out page, not after the next sign-in', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  const { authenticator } = await returningPerson(page, email);
  await signInWithPassword(page, email);
  await expect(notice(page)).toContainText('Passkey created.');

  // Held back while the sign-in page loads, so its autofill does not sign straight back in.
  const [saved] = await authenticator.credentials();
  await authenticator.cdp.send('WebAuthn.clearCredentials', { authenticatorId: authenticator.id });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');
  await expect(page.locator('form[data-passkey-autofill="idle"]')).toBeAttached();
  // Neither shown nor read out to whoever stands at this screen now.
  await expect(page.getByText('Passkey created')).toHaveCount(0);

  // A passkey sign-in creates nothing, so nothing is announced.
  await authenticator.setResponseOverrideBits({ isBadUP: false, isBadUV: false });
  await authenticator.cdp.send('WebAuthn.addCredential', { authenticatorId: authenticator.id, credential: saved! });
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('a passkey', { exact: true })).toBeVisible();
  await expect(notice(page)).toHaveCount(0);
  await expect(announcer(page)).toBeEmpty();
});

test('a passkey stored after the person signed out is announced to nobody', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  const { authenticator } = await returningPerson(page, email, { answerDelayMs: 0 });
  // The server stores the passkey at once; its answer reaches the page only after sign-out.
  let stored!: () => void;
  const serverStored = new Promise<void>((resolve) => (stored = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/passkeys/register/verify', async (route) => {
    const response = await route.fetch();
    stored();
    await released;
    await route.fulfill({ response });
  });
  await signInWithPassword(page, email);
  await serverStored;
  // The sign-in page's autofill must not sign in with it: the test signs in with the password.
  await authenticator.cdp.send('WebAuthn.clearCredentials', { authenticatorId: authenticator.id });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');
  await expect(page.locator('form[data-passkey-autofill="idle"]')).toBeAttached();
  const answered = page.waitForResponse('**/api/passkeys/register/verify');
  release();
  await answered;
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // The next sign-in, in the same tab, is offered an upgrade too; the password manager already
  // holds this account's passkey, so it makes none, and nothing was created for this session.
  await signInWithPassword(page, email);
  await expect.poll(() => eventTypesOf(email)).toContain('upgrade.already_exists');
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  await expect(notice(page)).toHaveCount(0);
  await expect(announcer(page)).toBeEmpty();
});
