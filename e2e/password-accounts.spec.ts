import type { Page } from '@playwright/test';
import { PASSWORD, accountWithPasskey, passkeySignIn, softwareAuthenticator } from './fixtures/ceremonies';
import { anonymousEventsFrom, eventTypesOf } from './fixtures/database';
import { expect, test } from './fixtures/test';

// The form's own alert (Next.js adds a second role="alert" region: its route announcer).
const formAlert = (page: Page) => page.getByRole('main').getByRole('alert');

const password = 'a sunny day in the park';

test('signs up, signs out, signs back in, and is locked out after five wrong passwords', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();

  await page.goto('/sign-up');
  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username');
  await expect(page.getByLabel('Password')).toHaveAttribute('autocomplete', 'new-password');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill('Ada Lovelace');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByRole('heading', { name: 'Hello, Ada Lovelace' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');
  // The session is gone on the server too: the account page sends us back.
  await page.goto('/account');
  await expect(page).toHaveURL('/sign-in');

  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  await expect(page.getByLabel('Password')).toHaveAttribute('autocomplete', 'current-password');
  await page.getByLabel('Email').fill(email.toUpperCase());
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('a password', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');

  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(`wrong guess ${attempt}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(formAlert(page)).toHaveText('The email or password is incorrect.');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  }
  // Locked now, even with the right password.
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // When to try again, in words (the window is 15 minutes), not only in Retry-After.
  await expect(formAlert(page)).toHaveText('Too many failed sign-in attempts. Try again in 15 minutes.');
  await expect(page).toHaveURL('/sign-in');
});

test('sign-up explains a weak password and a taken email next to the field', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill('Grace');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Once, next to the field (and read out with it), not again in a banner.
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/commonly used passwords/);
  await expect(page.getByText(/commonly used passwords/)).toHaveCount(1);
  await expect(formAlert(page).filter({ hasText: /\S/ })).toHaveCount(0);

  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL('/account');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');

  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill('Someone else');
  await page.getByLabel('Password').fill('another long password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription(/already exists/);
  await expect(page.getByText(/already exists/)).toHaveCount(1);
});

test('an unknown email gets the same answer as a wrong password', async ({ api, uniqueEmail }) => {
  const email = uniqueEmail();
  expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'Kim', password } })).status()).toBe(201);
  const wrong = await api.post('/api/auth/sign-in', { data: { email, password: 'not it at all' } });
  const unknown = await api.post('/api/auth/sign-in', { data: { email: uniqueEmail(), password: 'not it at all' } });
  expect(wrong.status()).toBe(401);
  expect(unknown.status()).toBe(401);
  expect(await unknown.json()).toEqual(await wrong.json());
});

test('the session cookie is HttpOnly, SameSite=Lax and new on every sign-in', async ({ api, uniqueEmail }) => {
  const email = uniqueEmail();
  const up = await api.post('/api/auth/sign-up', { data: { email, displayName: 'Lin', password } });
  const first = up.headers()['set-cookie'];
  expect(first).toMatch(/^session=[A-Za-z0-9_-]{43};/);
  expect(first).toMatch(/HttpOnly/i);
  expect(first).toMatch(/SameSite=lax/i);
  const again = await api.post('/api/auth/sign-in', { data: { email, password } });
  expect(again.status()).toBe(200);
  const second = again.headers()['set-cookie'];
  expect(second!.split(';')[0]).not.toBe(first!.split(';')[0]);
  const session = await api.get('/api/auth/session');
  expect(await session.json()).toMatchObject({ user: { email }, session: { authMethod: 'password' } });
  expect((await api.post('/api/auth/sign-out')).status()).toBe(200);
  expect((await api.get('/api/auth/session')).status()).toBe(401);
});

test('twelve wrong passwords at once from one address: exactly five are checked, the rest refused', async ({ api, uniqueEmail }) => {
  const email = uniqueEmail();
  expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'Max', password } })).status()).toBe(201);
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, i) => api.post('/api/auth/sign-in', { data: { email, password: `wrong guess ${i}` } })),
  );
  const statuses = answers.map((a) => a.status()).sort();
  expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
  expect((await eventTypesOf(email)).filter((t) => t === 'sign_in.failed')).toHaveLength(5);
});

test('guesses from one address lock that address out, not the owner elsewhere, and never a passkey', async ({
  api,
  playwright,
  baseURL,
  uniqueEmail,
}) => {
  const email = uniqueEmail();
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(api, authenticator, email);
  const attacker = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { Origin: baseURL!, 'X-Forwarded-For': '2001:db8:bad::1' },
  });
  for (let i = 0; i < 5; i++) {
    expect((await attacker.post('/api/auth/sign-in', { data: { email, password: `guess ${i}` } })).status()).toBe(401);
  }
  // The attacker's address is locked out of this account, even with the right password…
  expect((await attacker.post('/api/auth/sign-in', { data: { email, password: PASSWORD } })).status()).toBe(429);
  // …the owner, from their own address, is not…
  expect((await api.post('/api/auth/sign-in', { data: { email, password: PASSWORD } })).status()).toBe(200);
  // …and a passkey sign-in is never held up by password failures, from anywhere.
  expect((await passkeySignIn(attacker, authenticator, credential)).status()).toBe(200);
  await attacker.dispose();
});

test('a client hammering a closed door is answered 429 without filling the log: one event per limit and window', async ({
  api,
  uniqueEmail,
  clientAddress,
}) => {
  const email = uniqueEmail();
  for (let i = 0; i < 5; i++) await api.post('/api/auth/sign-in', { data: { email, password: `wrong ${i}` } });
  for (let i = 0; i < 10; i++) {
    expect((await api.post('/api/auth/sign-in', { data: { email, password: `more ${i}` } })).status()).toBe(429);
  }
  expect(await anonymousEventsFrom(clientAddress)).toEqual({ 'sign_in.failed': 5, 'sign_in.rate_limited': 1 });
});
