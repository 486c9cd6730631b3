import type { Page } from '@playwright/test';
import { ageSessionsOf, eventTypesOf, passkeysOf } from './fixtures/database';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator, toBase64Url, type VirtualAuthenticator } from './fixtures/virtual-authenticator';

// The account page: passkeys listed, renamed and removed with the password manager kept in
// step (Signal API), re-authentication, going passwordless and back, sessions, activity.

const password = 'lighthouse keeper at dawn';

async function signUpWithPasskey(page: Page, email: string): Promise<VirtualAuthenticator> {
  // The account is made through the API with the page's cookies, so no automatic upgrade is
  // started: in headless Chromium its conditional create would wait for a password manager
  // that never comes, and these tests are about the account page, not the upgrade.
  await page.goto('/');
  const authenticator = await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  const origin = new URL(page.url()).origin;
  const signUp = await page.request.post('/api/auth/sign-up', {
    headers: { Origin: origin },
    data: { email, displayName: 'Robin', password },
  });
  expect(signUp.status()).toBe(201);
  // The account page reads the passkey list and signals it on load; wait for that, so the
  // page is settled before the test acts.
  const synced = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/account' && r.request().method() === 'GET');
  await page.goto('/account');
  await synced;
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  return authenticator;
}

test('renames and removes a passkey, and the password manager forgets it', async ({ page, api, uniqueEmail }) => {
  const email = uniqueEmail();
  const authenticator = await signUpWithPasskey(page, email);
  const item = page.locator('#passkeys li');
  await expect(item).toContainText(/created by hand/i);
  await expect(item).toContainText('synced');
  await expect(item).toContainText('not used yet');

  await page.getByRole('button', { name: 'Actions for Passkey' }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  await page.getByLabel('New name for Passkey').fill('  Work laptop  ');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('listitem', { name: 'Work laptop' })).toBeVisible();

  // Another device is signed in, so removing a factor offers to end it.
  const response = await api.post('/api/auth/sign-in', { data: { email, password } });
  expect(response.status()).toBe(200);
  await page.reload();

  const [credential] = await authenticator.credentials();
  const deleted = authenticator.nextEvent('credentialDeleted');
  await page.getByRole('button', { name: 'Actions for Work laptop' }).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await page.getByRole('dialog', { name: 'Remove “Work laptop”?' }).getByRole('button', { name: 'Remove passkey' }).click();
  const event = await deleted;
  expect(toBase64Url(event.credentialId)).toBe(toBase64Url(credential!.credentialId));
  expect(await authenticator.credentials()).toEqual([]);
  await expect(page.locator('#passkeys li')).toHaveCount(0);
  expect(await passkeysOf(email)).toEqual([]);

  await expect(page.getByRole('status').filter({ hasText: 'Sign out of your other session too?' })).toBeVisible();
  await page.getByRole('button', { name: 'End other sessions' }).click();
  await expect(page.getByText('Ended 1 other session.')).toBeVisible();
  expect((await api.get('/api/auth/session')).status()).toBe(401);

  await expect(page.locator('#activity')).toContainText('Passkey removed');
  await expect(page.locator('#activity')).toContainText('Passkey renamed to “Work laptop”');
});

test('a new display name reaches the password manager', async ({ page, uniqueEmail }) => {
  const authenticator = await signUpWithPasskey(page, uniqueEmail());
  const updated = authenticator.nextEvent('credentialUpdated');
  await page.getByLabel('Display name').fill('Robin Hood');
  await page.getByRole('button', { name: 'Save display name' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Robin Hood' })).toBeVisible();
  const event = await updated;
  expect(event.credential.userDisplayName).toBe('Robin Hood');
  const [stored] = await authenticator.credentials();
  expect(stored?.userDisplayName).toBe('Robin Hood');
});

test('the account page drops passkeys the server no longer has from the password manager', async ({ page, uniqueEmail, baseURL }) => {
  const email = uniqueEmail();
  const authenticator = await signUpWithPasskey(page, email);
  // A second passkey for the same account, made outside the app (its row never stored).
  const options = await (await page.request.post('/api/passkeys/register/options', { headers: { Origin: baseURL! } })).json();
  // (Chromium's authenticator keeps one discoverable credential per account, so this one
  // replaces the real passkey in it; the server still has only the real one.)
  const stale = await page.evaluate(async (userId) => {
    const b64 = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const credential = (await navigator.credentials.create({
      publicKey: {
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        rp: { id: 'localhost', name: 'Passkey Upgrade' },
        user: { id: b64(userId), name: 'x', displayName: 'x' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      },
    })) as PublicKeyCredential;
    return credential.id;
  }, options.user.id);
  expect((await authenticator.credentials()).map((c) => toBase64Url(c.credentialId))).toContain(stale);
  const deleted = authenticator.nextEvent('credentialDeleted');
  await page.reload();
  expect(toBase64Url((await deleted).credentialId)).toBe(stale);
});

test('a stale session confirms with a passkey, then goes passwordless, and cannot remove its last passkey', async ({
  page,
  uniqueEmail,
}) => {
  const email = uniqueEmail();
  await signUpWithPasskey(page, email);
  await ageSessionsOf(email, 601);

  await page.getByRole('button', { name: 'Remove password' }).click();
  await page.getByRole('dialog', { name: 'Remove your password?' }).getByRole('button', { name: 'Remove password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Confirm with a passkey' }).click();
  // A passkey ceremony, then the removal: allow it more than the default 5 s on a busy machine.
  await expect(dialog).toBeHidden({ timeout: 15_000 });
  // The removal carried on by itself after the confirmation.
  await expect(page.getByText('Password removed. You now sign in with your passkeys.')).toBeVisible();
  await expect(page.getByText('You have no password: you sign in with your passkeys only.')).toBeVisible();
  expect(await eventTypesOf(email)).toEqual(expect.arrayContaining(['reauth.passkey', 'password.removed']));

  // The last passkey cannot go now: its Remove is shown disabled, with the reason.
  await page.getByRole('button', { name: /^Actions for / }).click();
  const remove = page.getByRole('menuitem', { name: 'Remove' });
  await expect(remove).toBeDisabled();
  await expect(remove).toHaveAccessibleDescription('Your only way to sign in: set a password or add another passkey first.');
  // Reached by keyboard, and choosing it does nothing: no question, no removal.
  await page.keyboard.press('ArrowDown');
  await expect(remove).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await passkeysOf(email)).toHaveLength(1);
});

test('a stale session confirms with the password before changing it, and the new one works', async ({ page, api, uniqueEmail }) => {
  const email = uniqueEmail();
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill('Sam');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('Add a passkey before you can remove your password.')).toBeVisible();
  await ageSessionsOf(email, 601);

  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByLabel('New password').fill('a completely new passphrase');
  await page.getByRole('button', { name: 'Save new password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
  await dialog.getByLabel('Current password').fill('wrong one, surely');
  await dialog.getByRole('button', { name: 'Confirm with password' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The password is incorrect.');
  await dialog.getByLabel('Current password').fill(password);
  await dialog.getByRole('button', { name: 'Confirm with password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();

  expect((await api.post('/api/auth/sign-in', { data: { email, password } })).status()).toBe(401);
  expect((await api.post('/api/auth/sign-in', { data: { email, password: 'a completely new passphrase' } })).status()).toBe(200);
});

test('passwordless and back: sign in with the passkey, set a password again, sign in with it', async ({ page, api, uniqueEmail }) => {
  const email = uniqueEmail();
  await signUpWithPasskey(page, email);
  await page.getByRole('button', { name: 'Remove password' }).click();
  await page.getByRole('dialog', { name: 'Remove your password?' }).getByRole('button', { name: 'Remove password' }).click();
  await expect(page.getByText('You have no password: you sign in with your passkeys only.')).toBeVisible();

  const stranger = await api.post('/api/auth/sign-in', { data: { email, password } });
  expect(stranger.status()).toBe(401);
  expect((await stranger.json()).error.message).toBe('The email or password is incorrect.');

  // Sign out; the autofill signs straight back in with the passkey.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('a passkey', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Set a password' }).click();
  await page.getByLabel('New password').fill('password123');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.locator('#password').getByText(/commonly used/)).toBeVisible();
  await page.getByLabel('New password').fill('back to a password again');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('Password set.')).toBeVisible();
  expect((await api.post('/api/auth/sign-in', { data: { email, password: 'back to a password again' } })).status()).toBe(200);
});

test('sessions list this device and others, and ends another one', async ({ page, api, uniqueEmail }) => {
  const email = uniqueEmail();
  await signUpWithPasskey(page, email);
  await api.post('/api/auth/sign-in', {
    data: { email, password },
    headers: {
      'User-Agent':
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    },
  });
  await page.reload();
  const sessions = page.locator('#sessions li');
  await expect(sessions).toHaveCount(2);
  await expect(page.getByRole('listitem', { name: /\(this device\)$/ })).toContainText('Signed in with a password');
  await expect(page.getByRole('listitem', { name: 'Safari on iOS' })).toBeVisible();
  await page.getByRole('button', { name: 'End session on Safari on iOS' }).click();
  await expect(sessions).toHaveCount(1);
  expect((await api.get('/api/auth/session')).status()).toBe(401);
  await expect(page.locator('#activity')).toContainText('Session ended');
});

test('the activity log shows the newest first and pages through older events', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  await signUpWithPasskey(page, email);
  // With the sign-up, its verification mail and the passkey, that makes 13 events: 10 on the first page.
  for (let i = 1; i <= 10; i++) {
    await page.getByLabel('Display name').fill(`Robin ${i}`);
    await page.getByRole('button', { name: 'Save display name' }).click();
    await expect(page.getByRole('heading', { name: `Hello, Robin ${i}` })).toBeVisible();
  }
  const entries = page.locator('#activity li');
  await expect(entries).toHaveCount(10);
  await expect(entries.first()).toContainText('Display name changed');
  await expect(entries.last()).not.toContainText('Account created');
  await page.getByRole('button', { name: 'Show older activity' }).click();
  await expect(entries).toHaveCount(13);
  await expect(entries.last()).toContainText('Account created');
  await expect(page.getByRole('button', { name: 'Show older activity' })).toHaveCount(0);
});
