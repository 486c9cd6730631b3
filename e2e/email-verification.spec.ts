import { accountState, eventTypesOf } from './fixtures/database';
import { PASSWORD } from './fixtures/ceremonies';
import { linkIn, mailTo, waitForMail } from './fixtures/mailbox';
import { expect, test } from './fixtures/test';

// Verifying the address: sign-up mails a link; the account works unverified and says so, with
// a way to get a new link; the link's page says what verifying does before it does it.

const VERIFY = /^Verify your email address/;

test('sign-up mails a link; the account page says the address is unverified until it is used', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill('Vera');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Vera' })).toBeVisible();
  await expect(page.getByText('Not verified')).toBeVisible();

  const mail = await waitForMail(email, VERIFY);
  // Plain text and HTML, the same link in both, built from APP_ORIGIN.
  const link = linkIn(mail, '/verify-email');
  expect(link.origin).toBe(new URL(page.url()).origin);
  expect(mail.html).toContain(link.toString().replaceAll('&', '&amp;'));
  expect(mail.text).toContain('expires in 48 hours');

  // Opening the link changes nothing until the person confirms.
  const before = await accountState(email);
  await page.goto(link.toString());
  await expect(page.getByRole('heading', { name: 'Verify your email address' })).toBeVisible();
  expect(await accountState(email)).toEqual(before);
  await page.getByRole('button', { name: 'Verify my email address' }).click();
  await expect(page.getByRole('heading', { name: `${email} is verified` })).toBeVisible();
  // Signed in by the sign-up session, with the password it set: nothing was removed.
  await expect(page.getByText('Removed, because')).toHaveCount(0);

  await page.getByRole('link', { name: 'Go to your account' }).click();
  await expect(page.getByText('Verified', { exact: true })).toBeVisible();
  await expect(page.getByText('Not verified')).toHaveCount(0);
  await expect(page.locator('#activity')).toContainText('Email address verified');
  expect(await eventTypesOf(email)).toEqual(expect.arrayContaining(['sign_up', 'email.verification_sent', 'email.verified']));
  expect(await eventTypesOf(email)).not.toContain('account.secured');

  // The same link again: its page says it was used, and how to get another.
  await page.goto(link.toString());
  await expect(page.getByRole('heading', { name: 'This link cannot be used' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('already been used');
});

test('a new link from the account page replaces the old one', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  await page.goto('/');
  const origin = new URL(page.url()).origin;
  expect(
    (
      await page.request.post('/api/auth/sign-up', { headers: { Origin: origin }, data: { email, displayName: 'Rex', password: PASSWORD } })
    ).status(),
  ).toBe(201);
  const first = linkIn(await waitForMail(email, VERIFY), '/verify-email');

  await page.goto('/account');
  await page.getByRole('button', { name: 'Send a new link' }).click();
  await expect(page.getByRole('status').filter({ hasText: `We sent a new link to ${email}` })).toBeVisible();
  const second = linkIn(await waitForMail(email, VERIFY, { count: 2 }), '/verify-email');
  expect(second.toString()).not.toBe(first.toString());

  const before = await accountState(email);
  await page.goto(first.toString());
  await expect(page.getByRole('main').getByRole('alert')).toContainText('not valid');
  await expect(page.getByRole('link', { name: 'Send a new link from your account page' })).toBeVisible();
  const refused = await page.request.post('/api/auth/email/verify', {
    headers: { Origin: origin },
    data: { token: first.searchParams.get('token') },
  });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.code).toBe('invalid_link');
  expect(await accountState(email)).toEqual(before);

  await page.goto(second.toString());
  await page.getByRole('button', { name: 'Verify my email address' }).click();
  await expect(page.getByRole('heading', { name: `${email} is verified` })).toBeVisible();

  // Verified: no more links are sent.
  const again = await page.request.post('/api/account/email/verification', { headers: { Origin: origin } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe('already_verified');
});

test('verifying while signed in with a passkey keeps that passkey and removes the password it did not show', async ({
  page,
  uniqueEmail,
  authenticator,
}) => {
  const email = uniqueEmail();
  await page.goto('/');
  const origin = new URL(page.url()).origin;
  const headers = { Origin: origin };
  expect(
    (await page.request.post('/api/auth/sign-up', { headers, data: { email, displayName: 'Pia', password: PASSWORD } })).status(),
  ).toBe(201);
  await page.goto('/account');
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  expect(await authenticator.credentials()).toHaveLength(1);
  // A new sign-in, with the passkey: this session proves the passkey, not the password.
  await page.request.post('/api/auth/sign-out', { headers });
  // The virtual authenticator answers the sign-in page's autofill request at once.
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Hello, Pia' })).toBeVisible();
  await expect(page.getByText('a passkey', { exact: true })).toBeVisible();

  const link = linkIn(await waitForMail(email, VERIFY), '/verify-email');
  await page.goto(link.toString());
  // Said before anything happens: the password was not shown by this sign-in.
  await expect(page.locator('ul.removed li')).toHaveText(['the password']);
  await page.getByRole('button', { name: 'Verify my email address' }).click();
  await expect(page.getByRole('heading', { name: `${email} is verified` })).toBeVisible();
  await expect(page.locator('ul.removed')).toContainText('the password');

  await page.goto('/account');
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  await expect(page.locator('#password')).toContainText(/no password/i);
  expect(await eventTypesOf(email)).toContain('account.secured');
  await expect(page.locator('#activity')).toContainText('Removed what was added before the address was verified: the password');
});

test('verification links are rate-limited per address, exactly, under concurrency', async ({ api, uniqueEmail }) => {
  const email = uniqueEmail();
  expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'Lim', password: PASSWORD } })).status()).toBe(201);
  await waitForMail(email, VERIFY);
  // Three per address per window (MAIL_MAX_PER_ADDRESS): twelve requests at once get three.
  const statuses = await Promise.all(Array.from({ length: 12 }, () => api.post('/api/account/email/verification').then((r) => r.status())));
  expect(statuses.filter((s) => s === 202)).toHaveLength(3);
  expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  await waitForMail(email, VERIFY, { count: 4 });
  // Nothing more arrives later: the refused nine sent nothing.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect((await mailTo(email)).filter((m) => VERIFY.test(m.subject))).toHaveLength(4);
});
