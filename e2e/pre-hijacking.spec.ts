import type { APIRequestContext } from '@playwright/test';
import { eventTypesOf, passkeysOf, sessionCountOf } from './fixtures/database';
import { PASSWORD, errorCode, newPasswordAccount, passkeySignIn, register, softwareAuthenticator } from './fixtures/ceremonies';
import { linkIn, waitForMail } from './fixtures/mailbox';
import { expect, test } from './fixtures/test';
import type { SoftwareCredential } from './fixtures/software-authenticator';

// Pre-hijacked accounts (Sudhodanan and Paverd, USENIX Security 2022): an attacker signs up
// first with the victim's address, adds a passkey, and keeps a session open, hoping the victim
// will later "recover" the account and use it while the attacker still has a way in. The first
// proof of the address, by verification or by recovery, removes everything added before it
// by anyone but the prover (docs/decisions/013).

type Attacker = { api: APIRequestContext; credential: SoftwareCredential; authenticator: ReturnType<typeof softwareAuthenticator> };

async function preHijack(attackerApi: APIRequestContext, baseURL: string, victimEmail: string): Promise<Attacker> {
  const authenticator = softwareAuthenticator(baseURL);
  // Sign-up, then a password sign-in, then a passkey: the attacker's session stays open.
  await newPasswordAccount(attackerApi, victimEmail);
  const { verify, credential } = await register(attackerApi, authenticator, 'register');
  expect(verify.status(), await verify.text()).toBe(201);
  expect(await passkeysOf(victimEmail)).toHaveLength(1);
  return { api: attackerApi, credential, authenticator };
}

async function expectLockedOut(attacker: Attacker, email: string) {
  // The open session is gone.
  expect((await attacker.api.get('/api/account')).status()).toBe(401);
  // The passkey no longer signs in: the server does not know it any more.
  const signIn = await passkeySignIn(attacker.api, attacker.authenticator, attacker.credential);
  expect(signIn.status()).toBe(404);
  expect(await errorCode(signIn)).toBe('unknown_credential');
  // The password the attacker chose no longer signs in either.
  const password = await attacker.api.post('/api/auth/sign-in', { data: { email, password: PASSWORD } });
  expect(password.status()).toBe(401);
  expect(await passkeysOf(email)).toEqual([]);
}

test('the victim recovers the account: the attacker’s passkey, password and session are gone', async ({
  page,
  newApi,
  baseURL,
  uniqueEmail,
}) => {
  const victim = uniqueEmail();
  const attacker = await preHijack(await newApi(), baseURL!, victim);

  // The victim cannot sign up (the address is taken), so they use "Forgot password?".
  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(victim);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  const link = linkIn(await waitForMail(victim, /^Reset your password/), '/recover');
  await page.goto(link.toString());
  // Said before anything is pressed: the link removes what the attacker added.
  await expect(page.locator('.first-proof li')).toHaveText(['the password', /^the passkey “/]);
  await page.getByLabel('New password', { exact: true }).fill('the victim’s own passphrase');
  await page.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(page.getByRole('heading', { name: /^Hello/ })).toBeVisible();
  await expect(
    page
      .getByRole('main')
      .getByText(/^Password changed, you’re signed in\. Removed, because they were added before your address was verified: the passkey “/),
  ).toBeVisible();
  await expect(page.locator('#passkeys li')).toHaveCount(0);
  await expect(page.getByText('Verified', { exact: true })).toBeVisible();
  await expect(page.locator('#activity')).toContainText(
    'Removed what was added before the address was verified: the password, 1 passkey, 1 session',
  );

  await expectLockedOut(attacker, victim);
  expect(await sessionCountOf(victim)).toBe(1);
  expect(await eventTypesOf(victim)).toEqual(expect.arrayContaining(['email.verified', 'account.secured', 'password.reset']));
});

test('the victim verifies the address from the attacker’s sign-up mail: everything the attacker added is gone', async ({
  page,
  newApi,
  baseURL,
  uniqueEmail,
  authenticator,
}) => {
  const victim = uniqueEmail();
  const attacker = await preHijack(await newApi(), baseURL!, victim);

  // The sign-up's verification link went to the victim's inbox.
  const link = linkIn(await waitForMail(victim, /^Verify your email/), '/verify-email');
  await page.goto(link.toString());
  await expect(page.getByText('You are not signed in to this account here')).toBeVisible();
  await page.getByRole('button', { name: 'Verify and start over' }).click();
  // Signed in by the link, to an account with no way in left: the page says what happened,
  // and what to do.
  await expect(
    page.getByRole('main').getByText(`${victim} is verified, and you’re signed in. Removed: the password`, { exact: false }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Set up a way to sign in' })).toBeVisible();
  await expect(page.getByText('a link sent by email', { exact: true })).toBeVisible();
  await expect(page.locator('#passkeys li')).toHaveCount(0);

  await expectLockedOut(attacker, victim);
  expect(await sessionCountOf(victim)).toBe(1);

  // The victim makes it theirs with a passkey of their own.
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Set up a way to sign in' })).toHaveCount(0);
  expect(await authenticator.credentials()).toHaveLength(1);
});

test('an address verified by its owner is not reset by a later verification link', async ({ api, newApi, uniqueEmail }) => {
  const email = uniqueEmail();
  expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'Owner', password: PASSWORD } })).status()).toBe(201);
  const first = linkIn(await waitForMail(email, /^Verify your email/), '/verify-email');
  const verified = await api.post('/api/auth/email/verify', { data: { token: first.searchParams.get('token') } });
  expect(await verified.json()).toMatchObject({
    firstVerification: true,
    signedIn: false,
    removed: { password: false, passkeys: [], sessions: 0 },
  });
  // Once verified, the link is spent, and nobody else's session or link can reset the account.
  const stranger = await newApi();
  const again = await stranger.post('/api/auth/email/verify', { data: { token: first.searchParams.get('token') } });
  expect(await errorCode(again)).toBe('link_used');
  expect((await api.get('/api/account')).status()).toBe(200);
  expect((await api.post('/api/auth/sign-in', { data: { email, password: PASSWORD } })).status()).toBe(200);
});
