import type { APIRequestContext, Page } from '@playwright/test';
import { ageSessionsOf } from './fixtures/database';
import { delayResponses } from './fixtures/page-truth';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator } from './fixtures/virtual-authenticator';

// The account page shows the result of every action at once, without a reload, and focus
// lands somewhere useful after it. Reads of the account are slowed down here on purpose: the
// page must not show an older state that arrives after a newer one.

const password = 'seven quiet harbour lights';
const iPhone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

async function signedIn(page: Page, email: string): Promise<void> {
  const headers = { Origin: new URL(page.url()).origin };
  expect((await page.request.post('/api/auth/sign-up', { headers, data: { email, displayName: 'Jo', password } })).status()).toBe(201);
}

async function otherDevice(api: APIRequestContext, email: string) {
  expect((await api.post('/api/auth/sign-in', { data: { email, password }, headers: { 'User-Agent': iPhone } })).status()).toBe(200);
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('ended sessions leave the screen at once, with their buttons, even when reads are slow', async ({
  page,
  api,
  newApi,
  uniqueEmail,
}) => {
  const email = uniqueEmail();
  await signedIn(page, email);
  await otherDevice(api, email);
  await otherDevice(await newApi(), email);
  await delayResponses(page, (url) => url.pathname === '/api/account', 700);
  await page.goto('/account');
  const rows = page.locator('#sessions li');
  await expect(rows).toHaveCount(3);

  await page.getByRole('button', { name: 'End session on Safari on iOS' }).first().click();
  await expect(rows).toHaveCount(2);
  await expect(page.locator('#sessions').getByText('Session ended.')).toBeFocused();
  await expect(page.locator('#activity li').first()).toContainText('Session ended');

  await page.getByRole('button', { name: 'End all other sessions' }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole('button', { name: /End session on/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'End all other sessions' })).toHaveCount(0);
  await expect(page.locator('#sessions').getByText('Ended 1 other session.')).toBeFocused();
  await expect(page.locator('#activity li').first()).toContainText('Other sessions ended');
  expect((await api.get('/api/auth/session')).status()).toBe(401);
});

test('every change shows at once in every section it touches', async ({ page, api, uniqueEmail }) => {
  test.setTimeout(60_000); // a dozen actions, each read back through a slowed response
  const email = uniqueEmail();
  await signedIn(page, email);
  const authenticator = await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  await page.goto('/account');
  await delayResponses(page, (url) => url.pathname === '/api/account', 500);
  const activity = page.locator('#activity li').first();

  // A passkey by hand: listed, the password becomes removable, the button turns secondary.
  await expect(page.locator('#password')).toContainText('Add a passkey before you can remove your password');
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  await expect(page.locator('#password')).not.toContainText('Add a passkey before');
  await expect(page.getByRole('button', { name: 'Create a passkey' })).toHaveClass(/secondary/);
  await expect(activity).toHaveText(/^Passkey created/);

  // Rename: the new name shows, and focus returns to the row's actions button.
  await page.getByRole('button', { name: 'Actions for Passkey' }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  await page.getByLabel('New name for Passkey').fill('Desk');
  await page.getByLabel('New name for Passkey').press('Enter');
  await expect(page.getByRole('listitem', { name: 'Desk' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Actions for Desk' })).toBeFocused();
  await expect(page.locator('#passkeys').getByText('Passkey renamed to “Desk”.')).toBeVisible();
  await expect(activity).toContainText('Passkey renamed to “Desk”');

  // Display name: the greeting follows.
  await page.getByLabel('Display name').fill('Jo Bloggs');
  await page.getByRole('button', { name: 'Save display name' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Jo Bloggs' })).toBeVisible();
  await expect(activity).toContainText('Display name changed');

  // Password removed, then set again: the section says which, and offers the right actions.
  await otherDevice(api, email);
  await page.getByRole('button', { name: 'Remove password' }).click();
  await page.getByRole('dialog', { name: 'Remove your password?' }).getByRole('button', { name: 'Remove password' }).click();
  await expect(page.locator('#password')).toContainText('You have no password');
  await expect(page.getByRole('button', { name: 'Remove password' })).toHaveCount(0);
  await expect(page.getByText('Password removed. You now sign in with your passkeys.')).toBeFocused();
  await expect(activity).toContainText('Password removed');
  // A factor changed: the offer to end the other session, whose row goes when it ends.
  await page.getByRole('button', { name: 'End other sessions' }).click();
  await expect(page.getByText('Ended 1 other session.')).toBeVisible();
  await expect(page.locator('#sessions li')).toHaveCount(1);

  await page.getByRole('button', { name: 'Set a password' }).click();
  await page.getByLabel('New password').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.locator('#password')).toContainText('You can sign in with your password.');
  await expect(page.getByText('Password set.')).toBeFocused();
  await expect(activity).toContainText('Password set');

  // Remove the passkey: the list empties, the password section says a passkey is needed.
  await page.getByRole('button', { name: 'Actions for Desk' }).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await page.getByRole('dialog', { name: 'Remove “Desk”?' }).getByRole('button', { name: 'Remove passkey' }).click();
  await expect(page.locator('#passkeys li')).toHaveCount(0);
  await expect(page.locator('#passkeys')).toContainText('No passkeys');
  await expect(page.getByText('Passkey “Desk” removed.')).toBeFocused();
  await expect(page.locator('#password')).toContainText('Add a passkey before you can remove your password');
  await expect(activity).toContainText('Passkey removed');
  // And the password manager is told to forget it (Signal API).
  await expect.poll(async () => (await authenticator.credentials()).length, { timeout: 15_000 }).toBe(0);
});

test('a failed submit puts focus on what to fix', async ({ page, uniqueEmail }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(uniqueEmail());
  await page.getByLabel('Password').fill('not the password');
  await page.getByLabel('Password').press('Enter');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('The email or password is incorrect.');
  await expect(page.getByText('The email or password is incorrect.')).toBeFocused();

  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(uniqueEmail());
  await page.getByLabel('Display name').fill('Weak');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Create account' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Password')).toBeFocused();
});

test('the confirmation dialog forgets the typed password once it closes', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  await signedIn(page, email);
  await page.goto('/account');
  await ageSessionsOf(email, 601);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByLabel('New password').fill('another long passphrase');
  await page.getByRole('button', { name: 'Save new password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
  await dialog.getByLabel('Current password').fill(password);
  await dialog.getByRole('button', { name: 'Confirm with password' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Password changed.')).toBeVisible();
  await expect(page.locator('#reauth-password')).toHaveValue('');

  // Cancelled, too: nothing typed stays behind, and no error is left in the dialog.
  await ageSessionsOf(email, 601);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByLabel('New password').fill('yet another passphrase');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await dialog.getByLabel('Current password').fill('half typed');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('#reauth-password')).toHaveValue('');
  // Cancelling is not a failure: no red message is left on the page either.
  await expect(page.locator('#password').getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  await expect(page.locator('#password .alert, #password .field-error')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save new password' })).toBeVisible();
});

test('the site has an icon: no 404 on a first load', async ({ page, request }) => {
  const icon = await request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/image/);
  await page.goto('/sign-in');
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /icon/);
});

test.describe('in the person’s own time zone', () => {
  test.use({ timezoneId: 'Asia/Kolkata', locale: 'en-US' });

  test('times show in the person’s zone, and the activity shows what they did, once', async ({ page, uniqueEmail }) => {
    const email = uniqueEmail();
    await signedIn(page, email);
    await page.goto('/account');
    const time = page.locator('dl.facts time');
    const iso = await time.getAttribute('datetime');
    const expected = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone: 'Asia/Kolkata',
    }).format(new Date(iso!));
    await expect(time).toHaveText(expected);
    expect(expected).toContain('GMT+5:30');
    await expect(page.locator('#activity li')).toHaveText([/^Verification email sent/, /^Account created/]);
  });
});
