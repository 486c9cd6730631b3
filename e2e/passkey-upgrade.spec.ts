import type { Page } from '@playwright/test';
import { installCredentialManagerStandIn } from './fixtures/credential-manager-stand-in';
import { eventTypesOf, passkeySignInMethodsOf, passkeysOf } from './fixtures/database';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator, toBase64Url } from './fixtures/virtual-authenticator';

const password = 'a walk along the river';

async function createAccount(page: Page, baseURL: string, email: string) {
  // Made through the API with the page's own cookie jar, then signed out: the test starts
  // where a returning password user starts.
  const headers = { Origin: baseURL };
  expect((await page.request.post('/api/auth/sign-up', { headers, data: { email, displayName: 'Pat', password } })).status()).toBe(201);
  expect((await page.request.post('/api/auth/sign-out', { headers })).status()).toBe(200);
}

async function signInWithPassword(page: Page, email: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL('/account');
}

const notice = (page: Page) => page.locator('[data-notice]').filter({ hasText: 'Passkey created' });

test('signs in with a password and gets a passkey without a prompt, then signs in with it', async ({ page, baseURL, uniqueEmail }) => {
  const email = uniqueEmail();
  await createAccount(page, baseURL!, email);
  const standIn = await installCredentialManagerStandIn(page);
  // The person saved this password in their password manager when they signed up.
  standIn.savePassword({ site: 'localhost', username: email, password });
  const authenticator = await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  // A password manager's silent create reports neither presence nor verification.
  await authenticator.setResponseOverrideBits({ isBadUP: true, isBadUV: true });

  await page.goto('/sign-in');
  await expect(page.locator('form[data-passkey-autofill="idle"]')).toBeVisible();
  const added = authenticator.nextEvent('credentialAdded');
  await signInWithPassword(page, email);

  // The notice: quiet, visible, with a way to manage passkeys; focus was not moved to it.
  await expect(notice(page)).toBeVisible();
  await expect(notice(page)).toContainText('Next time, sign in with your passkey');
  // Beside the passkey it is about, in the section where passkeys are managed.
  await expect(page.locator('#passkeys').locator('[data-notice]')).toContainText('Passkey created.');
  // Read out politely by the page's announcer, which was there before the notice came.
  await expect(page.locator('[role="status"][aria-live="polite"][data-announcer]')).toHaveText(
    'Passkey created. Next time, sign in with your passkey instead of your password.',
  );
  expect(await page.evaluate(() => document.activeElement?.closest('[data-notice]') === null)).toBe(true);
  await page.waitForTimeout(3000);
  await expect(notice(page)).toBeVisible(); // still there after a few seconds

  // The app asked for a conditional create, once, for a discoverable credential.
  expect(standIn.calls).toEqual([
    {
      rpId: 'localhost',
      userName: email,
      residentKey: 'required',
      userVerification: 'preferred',
      attestation: 'none',
      excludeCredentials: 0,
      outcome: 'created',
      reason: 'every rule holds',
    },
  ]);
  const { credential } = await added;
  const stored = await passkeysOf(email);
  expect(stored).toEqual([
    expect.objectContaining({
      credentialId: toBase64Url(credential.credentialId),
      createdVia: 'automatic',
      uvInitialized: false,
      backupEligible: true,
      backupState: true,
      deviceType: 'multiDevice',
    }),
  ]);
  expect(await eventTypesOf(email)).toEqual(
    expect.arrayContaining(['sign_in.password', 'upgrade.offered', 'passkey.created', 'upgrade.created']),
  );

  // Dismissible.
  await notice(page).getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(notice(page)).toHaveCount(0);

  // Next visit: the passkey comes up in autofill and signs the person in.
  await authenticator.setResponseOverrideBits({ isBadUP: false, isBadUV: false });
  const asserted = authenticator.nextEvent('credentialAsserted');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await asserted;
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('a passkey', { exact: true })).toBeVisible();

  // And through the button. With the credential held back while the page loads, the
  // autofill finds nothing; then it is put back and the button's modal get uses it.
  const [saved] = await authenticator.credentials();
  await authenticator.cdp.send('WebAuthn.clearCredentials', { authenticatorId: authenticator.id });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');
  await expect(page.locator('form[data-passkey-autofill="idle"]')).toBeVisible();
  await authenticator.cdp.send('WebAuthn.addCredential', { authenticatorId: authenticator.id, credential: saved! });
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('a passkey', { exact: true })).toBeVisible();
  expect((await passkeysOf(email))[0]!.lastUsedAt).not.toBeNull();
  // The page told the server which way it asked each time (the operator's sign-in mix).
  expect(await passkeySignInMethodsOf(email)).toEqual(['autofill', 'button']);
  expect(standIn.calls).toHaveLength(1); // a passkey sign-in is never offered an upgrade
});

test('UP=0 and UV=0 get through only on the upgrade: the same flags by hand are refused and signalled away', async ({
  page,
  baseURL,
  uniqueEmail,
}) => {
  const email = uniqueEmail();
  await createAccount(page, baseURL!, email);
  await page.goto('/sign-in');
  const authenticator = await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  await authenticator.setResponseOverrideBits({ isBadUP: true, isBadUV: true });
  // No stand-in here: the conditional create waits for a password manager that never comes
  // (the button below aborts it), so no passkey is made on this path.
  await signInWithPassword(page, email);

  const deleted = authenticator.nextEvent('credentialDeleted');
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.locator('#passkeys').getByRole('alert')).toContainText('User presence was required');
  // The browser was told to forget the passkey the server refused (Signal API).
  await deleted;
  expect(await authenticator.credentials()).toEqual([]);
  expect(await passkeysOf(email)).toEqual([]);

  // With presence and verification, the same button works.
  await authenticator.setResponseOverrideBits({ isBadUP: false, isBadUV: false });
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(notice(page)).toBeVisible();
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  await expect(page.locator('#passkeys li')).toContainText(/created by hand/i);
  expect(await passkeysOf(email)).toEqual([expect.objectContaining({ createdVia: 'manual', uvInitialized: true })]);

  // A second one on the same device is refused by the device itself (excludeCredentials):
  // information, said politely, not an error.
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.locator('#passkeys [role="status"] .info')).toHaveText('You already have a passkey for this account on this device.');
  await expect(page.locator('#passkeys .alert')).toHaveCount(0);
  expect(await passkeysOf(email)).toHaveLength(1);
});

test('a passkey the server does not know is signalled away when it is offered at sign-in', async ({ page, uniqueEmail, baseURL }) => {
  const email = uniqueEmail();
  await createAccount(page, baseURL!, email);
  await page.goto('/');
  const authenticator = await addVirtualAuthenticator(page);
  // A passkey this site never stored (for example one whose row was deleted): made directly
  // in the browser for this RP.
  await page.evaluate(async () => {
    await navigator.credentials.create({
      publicKey: {
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        rp: { id: 'localhost', name: 'Passkey Upgrade' },
        user: { id: crypto.getRandomValues(new Uint8Array(32)), name: 'ghost@example.com', displayName: 'Ghost' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      },
    });
  });
  expect(await authenticator.credentials()).toHaveLength(1);
  const deleted = authenticator.nextEvent('credentialDeleted');
  await page.goto('/sign-in');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('not registered here');
  await deleted;
  expect(await authenticator.credentials()).toEqual([]);
  await expect(page).toHaveURL('/sign-in');
});
