import { createHash } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { accountState, emailLinksOf, eventTypesOf, expireEmailLinksOf, passkeysOf, sessionCountOf } from './fixtures/database';
import { PASSWORD, creationOptions, errorCode, register, softwareAuthenticator } from './fixtures/ceremonies';
import { linkIn, mailTo, waitForMail } from './fixtures/mailbox';
import { expect, test } from './fixtures/test';

// "Forgot password?" and recovering an account whose passkeys are lost, through a single-use
// link sent by email; and every way a link can be wrong, each answered clearly with nothing
// written.

const RECOVERY = /^Reset your password or sign in/;
const NEW_PASSWORD = 'a brand new passphrase';

async function newAccount(api: APIRequestContext, email: string) {
  const response = await api.post('/api/auth/sign-up', { data: { email, displayName: 'Remy', password: PASSWORD } });
  expect(response.status(), await response.text()).toBe(201);
}

async function recoveryLink(api: APIRequestContext, email: string, count = 1): Promise<URL> {
  expect((await api.post('/api/auth/recovery', { data: { email } })).status()).toBe(202);
  return linkIn(await waitForMail(email, RECOVERY, { count }), '/recover');
}

test('forgot password answers an existing and an unknown address identically, and mails only the account', async ({ api, uniqueEmail }) => {
  const known = uniqueEmail();
  const unknown = uniqueEmail();
  await newAccount(api, known);
  const answers = [];
  for (const email of [unknown, known, unknown.toUpperCase(), known.toUpperCase()]) {
    const response = await api.post('/api/auth/recovery', { data: { email } });
    const { date: _date, 'x-request-id': _id, ...headers } = response.headers();
    answers.push({ status: response.status(), body: await response.text(), headers });
  }
  expect(answers[0]!.status).toBe(202);
  expect(JSON.parse(answers[0]!.body).message).toMatch(/^If an account uses this address, we have sent it a link/);
  for (const answer of answers) expect(answer).toEqual(answers[0]);

  const mail = await waitForMail(known, RECOVERY, { count: 2 });
  expect(mail.text).toContain('expires in 30 minutes');
  // Mail goes out after the answer, in order: the unknown address's turn came and went.
  expect(await mailTo(unknown)).toEqual([]);
  // The two links: only the newer one works. The two mails go out after their answers, from
  // whichever worker answered, so their order in the outbox is not the order of the requests:
  // the live link is told by its hash (an EmailToken's id is its token's SHA-256).
  const links = (await mailTo(known)).filter((m) => RECOVERY.test(m.subject)).map((m) => linkIn(m, '/recover'));
  expect(links).toHaveLength(2);
  const live = (await emailLinksOf(known)).filter((l) => l.purpose === 'recovery');
  expect(live).toEqual([expect.objectContaining({ used: false })]);
  const tokenOf = (link: URL) => link.searchParams.get('token')!;
  const older = links.filter((link) => createHash('sha256').update(tokenOf(link)).digest('hex') !== live[0]!.id);
  expect(older).toHaveLength(1);
  const refused = await api.post('/api/auth/recovery/password', {
    data: { token: tokenOf(older[0]!), email: known, password: NEW_PASSWORD },
  });
  expect(await errorCode(refused)).toBe('invalid_link');
});

test('the link sets a new password: other sessions end, a notice is mailed, and the upgrade is offered', async ({
  page,
  api,
  newApi,
  uniqueEmail,
}) => {
  const email = uniqueEmail();
  await newAccount(api, email);
  const elsewhere = await newApi();
  expect((await elsewhere.post('/api/auth/sign-in', { data: { email, password: PASSWORD } })).status()).toBe(200);

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Recover your account' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('If an account uses this address, we have sent it a link');
  const link = linkIn(await waitForMail(email, RECOVERY), '/recover');

  await page.goto(link.toString());
  await expect(page.getByLabel('Email')).toHaveValue(email);
  // A weak password is refused, and the link still works.
  await page.getByLabel('New password', { exact: true }).fill('password');
  await page.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(page.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/commonly used/);
  expect((await emailLinksOf(email)).filter((l) => l.purpose === 'recovery')).toEqual([expect.objectContaining({ used: false })]);

  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Remy' })).toBeVisible();
  await expect(page.getByText('a password', { exact: true })).toBeVisible();
  await expect(page.locator('#activity')).toContainText('Password reset with a recovery link');

  // Every other session ended; the old password is gone, the new one works.
  expect((await elsewhere.get('/api/account')).status()).toBe(401);
  expect((await api.get('/api/account')).status()).toBe(401);
  expect(await sessionCountOf(email)).toBe(1);
  expect((await api.post('/api/auth/sign-in', { data: { email, password: PASSWORD } })).status()).toBe(401);
  expect((await api.post('/api/auth/sign-in', { data: { email, password: NEW_PASSWORD } })).status()).toBe(200);
  const notice = await waitForMail(email, /^Your password was changed/);
  expect(notice.text).toContain('Every other signed-in session was signed out');
  // Using the link proved the address.
  await expect(page.getByText('Verified', { exact: true })).toBeVisible();
  expect(await eventTypesOf(email)).toEqual(expect.arrayContaining(['recovery.requested', 'password.reset', 'email.verified']));
});

test('on an address never verified, the recovery page first says what the link removes, and the account page confirms the new password', async ({
  page,
  api,
  baseURL,
  uniqueEmail,
}) => {
  const email = uniqueEmail();
  await newAccount(api, email);
  const { verify } = await register(api, softwareAuthenticator(baseURL!), 'register');
  expect(verify.status(), await verify.text()).toBe(201);
  const { passkey } = await verify.json();
  expect((await api.patch(`/api/account/passkeys/${passkey.id}`, { data: { name: 'Old phone' } })).status()).toBe(200);
  const link = await recoveryLink(api, email);

  await page.goto(link.toString());
  const note = page.locator('.first-proof');
  await expect(note).toContainText('This link is also the first proof that this address is yours.');
  await expect(note.getByRole('listitem')).toHaveText(['the password', 'the passkey “Old phone”']);
  // Said before anything can be pressed.
  const before = await note.evaluate((el) =>
    Boolean(el.compareDocumentPosition(document.querySelector('main button')!) & Node.DOCUMENT_POSITION_FOLLOWING),
  );
  expect(before).toBe(true);

  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Remy' })).toBeVisible();
  const confirmation =
    'Password changed, you’re signed in. Removed, because they were added before your address was verified: the passkey “Old phone”.';
  await expect(page.getByRole('main').getByText(confirmation)).toBeVisible();
  // And heard: the polite live region that was on the page before it came.
  await expect(page.locator('[role="status"][aria-live="polite"][data-announcer]')).toHaveText(confirmation);
  await expect(page.locator('#passkeys li')).toHaveCount(0);
});

test('a password set by a recovery link is a password sign-in that is offered the automatic upgrade', async ({ api, uniqueEmail }) => {
  const email = uniqueEmail();
  await newAccount(api, email);
  const link = await recoveryLink(api, email);
  const reset = await api.post('/api/auth/recovery/password', {
    data: { token: link.searchParams.get('token'), email: email.toUpperCase(), password: NEW_PASSWORD },
  });
  expect(reset.status(), await reset.text()).toBe(200);
  expect((await reset.json()).session.authMethod).toBe('password');
  // The upgrade's options carry the username as typed in the form, for the password manager.
  const options = await creationOptions(api, 'upgrade');
  expect(options.user.name).toBe(email.toUpperCase());
});

test('a link used twice, expired, tampered with, or for the other purpose: a clear page and error, nothing written', async ({
  page,
  api,
  newApi,
  uniqueEmail,
}) => {
  const email = uniqueEmail();
  await newAccount(api, email);
  const verification = linkIn(await waitForMail(email, /^Verify your email/), '/verify-email');
  const stranger = await newApi();

  const refusals: {
    name: string;
    url: string;
    api: () => Promise<{ status: number; code: string }>;
    status: number;
    code: string;
    says: RegExp;
  }[] = [];
  const reset = (token: string | null) => async () => {
    const response = await stranger.post('/api/auth/recovery/password', { data: { token, email, password: NEW_PASSWORD } });
    return { status: response.status(), code: await errorCode(response) };
  };

  // Used: the first use works, the second is refused.
  const used = await recoveryLink(api, email);
  expect(
    (
      await api.post('/api/auth/recovery/password', { data: { token: used.searchParams.get('token'), email, password: NEW_PASSWORD } })
    ).status(),
  ).toBe(200);
  refusals.push({
    name: 'used',
    url: used.toString(),
    api: reset(used.searchParams.get('token')),
    status: 410,
    code: 'link_used',
    says: /already been used/,
  });

  // Tampered: one character of a live link changed.
  const live = await recoveryLink(stranger, email, 2);
  const token = live.searchParams.get('token')!;
  const tampered = new URL(live);
  tampered.searchParams.set('token', token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'));
  refusals.push({
    name: 'tampered',
    url: tampered.toString(),
    api: reset(tampered.searchParams.get('token')),
    status: 400,
    code: 'invalid_link',
    says: /not valid/,
  });

  // The other purpose: a verification link on the recovery page and endpoint, and back.
  const crossed = new URL('/recover', live);
  crossed.searchParams.set('token', verification.searchParams.get('token')!);
  refusals.push({
    name: 'verification link',
    url: crossed.toString(),
    api: reset(verification.searchParams.get('token')),
    status: 400,
    code: 'wrong_link',
    says: /not a recovery link/,
  });
  const crossedBack = new URL('/verify-email', live);
  crossedBack.searchParams.set('token', token);
  refusals.push({
    name: 'recovery link',
    url: crossedBack.toString(),
    api: async () => {
      const response = await stranger.post('/api/auth/email/verify', { data: { token } });
      return { status: response.status(), code: await errorCode(response) };
    },
    status: 400,
    code: 'wrong_link',
    says: /not a verification link/,
  });

  // No token, or not one of ours.
  refusals.push({
    name: 'no token',
    url: new URL('/recover', live).toString(),
    api: reset(null),
    status: 400,
    code: 'invalid_request',
    says: /not valid/,
  });

  for (const refusal of refusals) {
    const before = await accountState(email);
    await page.goto(refusal.url);
    await expect(page.getByRole('heading', { name: 'This link cannot be used' }), refusal.name).toBeVisible();
    await expect(page.getByRole('main').getByRole('alert'), refusal.name).toContainText(refusal.says);
    await expect(page.getByRole('link', { name: /new link/ }), refusal.name).toBeVisible();
    expect(await refusal.api(), refusal.name).toEqual({ status: refusal.status, code: refusal.code });
    expect(await accountState(email), refusal.name).toEqual(before);
  }

  // Expired: the live link, 30 minutes on.
  await expireEmailLinksOf(email);
  const before = await accountState(email);
  await page.goto(live.toString());
  await expect(page.getByRole('main').getByRole('alert')).toContainText('has expired');
  await page.getByRole('link', { name: 'Send me a new link' }).click();
  await expect(page).toHaveURL('/forgot-password');
  expect(await reset(token)()).toEqual({ status: 410, code: 'link_expired' });
  const signIn = await stranger.post('/api/auth/recovery/sign-in', { data: { token } });
  expect(await errorCode(signIn)).toBe('link_expired');
  expect(signIn.headers()['set-cookie']).toBeUndefined();
  expect(await accountState(email)).toEqual(before);
});

test('a passwordless account that lost its passkey gets back in with a new one and removes the lost one', async ({
  page,
  api,
  baseURL,
  uniqueEmail,
  authenticator,
}) => {
  const email = uniqueEmail();
  await newAccount(api, email);
  // A verified address (an unverified one's first proof would remove the passkey anyway).
  const verification = linkIn(await waitForMail(email, /^Verify your email/), '/verify-email');
  expect((await api.post('/api/auth/email/verify', { data: { token: verification.searchParams.get('token') } })).status()).toBe(200);
  // Its only passkey lives on a device that is then lost (the software authenticator, dropped).
  const lostDevice = softwareAuthenticator(baseURL!);
  const { verify } = await register(api, lostDevice, 'register');
  expect(verify.status(), await verify.text()).toBe(201);
  const { passkey } = await verify.json();
  expect((await api.patch(`/api/account/passkeys/${passkey.id}`, { data: { name: 'Lost phone' } })).status()).toBe(200);
  expect((await api.delete('/api/account/password')).status()).toBe(200);

  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('we have sent it a link');
  const link = linkIn(await waitForMail(email, RECOVERY), '/recover');

  await page.goto(link.toString());
  await expect(page.getByRole('heading', { name: 'Lost your passkeys?' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Set a password' })).toBeVisible();
  // A verified address: the link removes nothing, and the page says nothing of it.
  await expect(page.locator('.first-proof')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign in and create a passkey' }).click();
  // A modal create: the authenticator verified the person (UV), as the server requires here.
  await expect(page.getByRole('heading', { name: 'Hello, Remy' })).toBeVisible();
  await expect(page.getByRole('main').getByText('You’re signed in with the link we emailed you.')).toBeVisible();
  await expect(page.locator('#passkeys li')).toHaveCount(2);
  await expect(page.locator('[data-notice]').filter({ hasText: 'Passkey created.' })).toBeVisible();
  expect(await authenticator.credentials()).toHaveLength(1);
  const stored = await passkeysOf(email);
  expect(stored.map((p) => p.uvInitialized)).toEqual([true, true]);

  // The lost passkey is listed, and this fresh sign-in may remove it without confirming again.
  await page.getByRole('button', { name: 'Actions for Lost phone' }).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await page.getByRole('dialog', { name: 'Remove “Lost phone”?' }).getByRole('button', { name: 'Remove passkey' }).click();
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  expect(await passkeysOf(email)).toHaveLength(1);
  expect(await eventTypesOf(email)).toEqual(expect.arrayContaining(['recovery.signed_in', 'passkey.created', 'passkey.removed']));
  await waitForMail(email, /^You signed in with a recovery link/);

  // The new passkey signs in; the old one is gone.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('a passkey', { exact: true })).toBeVisible();
});

test('recovery links are rate-limited per address, the same for an account and for no account', async ({ api, uniqueEmail }) => {
  const known = uniqueEmail();
  const unknown = uniqueEmail();
  await newAccount(api, known);
  const burst = (email: string) =>
    Promise.all(Array.from({ length: 10 }, () => api.post('/api/auth/recovery', { data: { email } }).then((r) => r.status())));
  const [forKnown, forUnknown] = await Promise.all([burst(known), burst(unknown)]);
  for (const statuses of [forKnown, forUnknown]) {
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  }
  await waitForMail(known, RECOVERY, { count: 3 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect((await mailTo(known)).filter((m) => RECOVERY.test(m.subject))).toHaveLength(3);
});

test('malformed or hostile bodies on the email endpoints get a 4xx JSON error and write nothing', async ({ api, newApi, uniqueEmail }) => {
  const email = uniqueEmail();
  await newAccount(api, email);
  const token = (await recoveryLink(api, email)).searchParams.get('token')!;
  const stranger = await newApi();
  const json = (value: unknown) => JSON.stringify(value);
  const cases: { path: string; body: string; status: number; code: string; headers?: Record<string, string> }[] = [];
  for (const path of ['/api/auth/recovery/password', '/api/auth/recovery/sign-in', '/api/auth/email/verify']) {
    const valid = path.endsWith('password') ? { token, email, password: NEW_PASSWORD } : { token };
    cases.push(
      { path, body: json(valid).slice(0, -1), status: 400, code: 'invalid_json' },
      { path, body: json({ ...valid, token: 12345 }), status: 400, code: 'invalid_request' },
      { path, body: json({ ...valid, token: token + token }), status: 400, code: 'invalid_request' },
      { path, body: json({ ...valid, token: `${token.slice(0, -1)}%` }), status: 400, code: 'invalid_request' },
      { path, body: json({ ...valid, userId: 'someone-else' }), status: 400, code: 'invalid_request' },
      { path, body: json([valid]), status: 400, code: 'invalid_request' },
      { path, body: json(valid), status: 403, code: 'origin_not_allowed', headers: { Origin: 'https://evil.example' } },
      { path, body: json(valid), status: 403, code: 'origin_required', headers: { Origin: '' } },
    );
  }
  cases.push(
    { path: '/api/auth/recovery', body: json({ email: 'not an address' }), status: 400, code: 'invalid_request' },
    { path: '/api/auth/recovery', body: json({ email: { $ne: '' } }), status: 400, code: 'invalid_request' },
    { path: '/api/auth/recovery', body: json({ email, isAdmin: true }), status: 400, code: 'invalid_request' },
    {
      path: '/api/auth/recovery',
      body: `email=${encodeURIComponent(email)}`,
      status: 415,
      code: 'unsupported_media_type',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    },
    {
      path: '/api/auth/recovery/password',
      body: json({ token, email: uniqueEmail(), password: NEW_PASSWORD }),
      status: 400,
      code: 'invalid_request',
    },
    { path: '/api/auth/recovery/password', body: json({ token, email, password: 'password' }), status: 400, code: 'weak_password' },
  );
  const before = await accountState(email);
  for (const c of cases) {
    const response = await stranger.post(c.path, {
      headers: { 'Content-Type': 'application/json', ...c.headers },
      data: Buffer.from(c.body),
    });
    const label = `${c.path} ${c.body.slice(0, 60)}`;
    expect(response.status(), label).toBe(c.status);
    expect((await response.json()).error, label).toMatchObject({ code: c.code, message: expect.stringMatching(/.{10}/) });
    expect(response.headers()['set-cookie'], label).toBeUndefined();
  }
  expect(await accountState(email)).toEqual(before);
  // The link survived all of it.
  expect((await stranger.post('/api/auth/recovery/sign-in', { data: { token } })).status()).toBe(200);
});
