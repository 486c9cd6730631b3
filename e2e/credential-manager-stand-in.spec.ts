import type { Page } from '@playwright/test';
import { LAST_USED_THRESHOLD_MS, installCredentialManagerStandIn } from './fixtures/credential-manager-stand-in';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator } from './fixtures/virtual-authenticator';

// The stand-in for the password manager follows the managers' rules, not just their "yes":
// each rule is tried here with a conditional create made directly on one of the app's pages,
// the way any site would make it. A suite that uses the stand-in fails when its app breaks a
// rule, as real browsers would silently decline.

type Answer = { created: string } | { error: string };

function conditionalCreate(page: Page, user: { name: string; id?: string }, excludeCredentials: string[] = []): Promise<Answer> {
  return page.evaluate(
    async ({ name, id, exclude }) => {
      const bytes = (b64url: string) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      try {
        const credential = (await navigator.credentials.create({
          mediation: 'conditional',
          publicKey: {
            challenge: crypto.getRandomValues(new Uint8Array(32)),
            rp: { id: location.hostname, name: 'Passkey Upgrade' },
            user: { id: id ? bytes(id) : crypto.getRandomValues(new Uint8Array(32)), name, displayName: name },
            pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
            authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
            excludeCredentials: exclude.map((c) => ({ type: 'public-key' as const, id: bytes(c) })),
          },
        } as CredentialCreationOptions)) as PublicKeyCredential;
        return { created: credential.id };
      } catch (error) {
        return { error: (error as DOMException).name };
      }
    },
    { name: user.name, id: user.id, exclude: excludeCredentials },
  );
}

const userId = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('creates only for a saved password whose username is exactly user.name', async ({ page }) => {
  const standIn = await installCredentialManagerStandIn(page, { answerDelayMs: 0 });
  await page.reload();
  await addVirtualAuthenticator(page);
  expect(await conditionalCreate(page, { name: 'Ann.Lee@Example.com' })).toEqual({ error: 'NotAllowedError' });
  expect(standIn.calls.at(-1)?.reason).toBe('no saved password whose username is exactly "Ann.Lee@Example.com"');

  standIn.savePassword({ username: 'Ann.Lee@Example.com', password: 'a saved one' });
  // The address a server lower-cased is not the username the manager holds.
  expect(await conditionalCreate(page, { name: 'ann.lee@example.com' })).toEqual({ error: 'NotAllowedError' });
  expect(await conditionalCreate(page, { name: 'Ann.Lee@Example.com' })).toEqual({ created: expect.any(String) });
  expect(standIn.calls.map((c) => c.outcome)).toEqual(['NotAllowedError', 'NotAllowedError', 'created']);
});

test('creates only when that password was used within the last 5 minutes', async ({ page }) => {
  let clock = Date.parse('2026-11-26T12:00:00Z');
  const standIn = await installCredentialManagerStandIn(page, { answerDelayMs: 0, now: () => clock });
  await page.reload();
  await addVirtualAuthenticator(page);
  standIn.savePassword({ username: 'kai@example.com', password: 'p', lastUsedAt: clock - LAST_USED_THRESHOLD_MS - 1000 });
  expect(await conditionalCreate(page, { name: 'kai@example.com' })).toEqual({ error: 'NotAllowedError' });
  expect(standIn.calls.at(-1)?.reason).toBe('the saved password was not used in the last 5 minutes');
  clock -= 2000; // the same password, used 4 min 59 s ago
  expect(await conditionalCreate(page, { name: 'kai@example.com' })).toEqual({ created: expect.any(String) });
});

test('creates nothing when automatic passkey creation is turned off', async ({ page }) => {
  const standIn = await installCredentialManagerStandIn(page, { answerDelayMs: 0, automaticPasskeyUpgrades: false });
  await page.reload();
  await addVirtualAuthenticator(page);
  standIn.savePassword({ username: 'off@example.com', password: 'p' });
  expect(await conditionalCreate(page, { name: 'off@example.com' })).toEqual({ error: 'NotAllowedError' });
  standIn.setAutomaticPasskeyUpgrades(true);
  expect(await conditionalCreate(page, { name: 'off@example.com' })).toEqual({ created: expect.any(String) });
});

test('one passkey per account: a second is declined, and one in excludeCredentials is InvalidStateError', async ({ page }) => {
  const standIn = await installCredentialManagerStandIn(page, { answerDelayMs: 0 });
  await page.reload();
  await addVirtualAuthenticator(page);
  standIn.savePassword({ username: 'one@example.com', password: 'p' });
  const id = userId();
  const first = await conditionalCreate(page, { name: 'one@example.com', id });
  expect(first).toEqual({ created: expect.any(String) });
  const credentialId = (first as { created: string }).created;
  expect(standIn.passkeys()).toEqual([{ rpId: 'localhost', userId: id, credentialId }]);
  expect(await conditionalCreate(page, { name: 'one@example.com', id })).toEqual({ error: 'NotAllowedError' });
  expect(standIn.calls.at(-1)?.reason).toBe('it already holds a passkey for this account');
  expect(await conditionalCreate(page, { name: 'one@example.com', id: userId() }, [credentialId])).toEqual({ error: 'InvalidStateError' });
});

test('answers after its delay, and an abort from the page ends the request', async ({ page }) => {
  const standIn = await installCredentialManagerStandIn(page, { answerDelayMs: 400 });
  await page.reload();
  const started = Date.now();
  expect(await conditionalCreate(page, { name: 'nobody@example.com' })).toEqual({ error: 'NotAllowedError' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(400);

  const aborted = await page.evaluate(async () => {
    const controller = new AbortController();
    const request = navigator.credentials.create({
      mediation: 'conditional',
      signal: controller.signal,
      publicKey: {
        challenge: new Uint8Array(32),
        rp: { name: 'x' },
        user: { id: new Uint8Array(16), name: 'x', displayName: 'x' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      },
    } as CredentialCreationOptions);
    controller.abort();
    return request.then(
      () => 'created',
      (error: DOMException) => error.name,
    );
  });
  expect(aborted).toBe('AbortError');
  expect(standIn.calls.at(-1)?.outcome).toBe('AbortError');
});

test('saves a password from a form as a manager does: not from a failed sign-in, and a new one only once the person saves it', async ({
  page,
  uniqueEmail,
}) => {
  const standIn = await installCredentialManagerStandIn(page, { answerDelayMs: 0, saveNewPasswordsAfterMs: 1500 });
  const email = uniqueEmail().replace(/^t/, 'New.Person.');
  const password = 'a fresh long passphrase';

  // A failed sign-in leaves the form on screen: nothing is saved.
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not an account');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('The email or password is incorrect.');
  await page.waitForTimeout(1000); // longer than a successful submission takes to be seen
  expect(standIn.savedPasswords()).toEqual([]);

  // A sign-up that worked takes the form away; the new password is saved when the person
  // answers the save prompt, not at once.
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill('New');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL('/account');
  await addVirtualAuthenticator(page);
  // Right after sign-up the manager holds no password for this account, so an upgrade there
  // would be declined (the app does not ask; docs/decisions/009).
  expect(standIn.calls).toEqual([]);
  expect(await conditionalCreate(page, { name: email })).toEqual({ error: 'NotAllowedError' });
  await expect.poll(() => standIn.savedPasswords().map((p) => [p.username, p.password])).toEqual([[email, password]]);
  expect(await conditionalCreate(page, { name: email })).toEqual({ created: expect.any(String) });
});
