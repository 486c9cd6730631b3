import { ageSessionsOf, userRowOf, eventTypesOf, passkeyState, passkeysOf } from './fixtures/database';
import {
  accountWithPasskey,
  errorCode,
  newPasswordAccount,
  passkeySignIn,
  PASSWORD,
  requestOptions,
  signIn,
  softwareAuthenticator,
} from './fixtures/ceremonies';
import { expect, test } from './fixtures/test';

// The account-management endpoints: scoped to the signed-in account, protected against
// cross-site requests, asking for a recent sign-in before factors change, and answering bad
// input with a 4xx that changes nothing.

test("another account's passkey and session ids are not found, and nothing changes", async ({ api, newApi, uniqueEmail, baseURL }) => {
  const authenticator = softwareAuthenticator(baseURL!);
  const victimEmail = uniqueEmail();
  await accountWithPasskey(api, authenticator, victimEmail);
  const victim = await (await api.get('/api/account')).json();
  const victimPasskey = victim.passkeys[0];
  const victimSession = victim.sessions[0];

  const attacker = await newApi();
  await accountWithPasskey(attacker, authenticator, uniqueEmail());
  const rename = await attacker.patch(`/api/account/passkeys/${victimPasskey.id}`, { data: { name: 'mine now' } });
  expect(rename.status()).toBe(404);
  expect(await errorCode(rename)).toBe('passkey_not_found');
  const remove = await attacker.delete(`/api/account/passkeys/${victimPasskey.id}`);
  expect(remove.status()).toBe(404);
  const endSession = await attacker.delete(`/api/account/sessions/${victimSession.id}`);
  expect(endSession.status()).toBe(404);
  expect(await errorCode(endSession)).toBe('session_not_found');

  expect(await passkeysOf(victimEmail)).toHaveLength(1);
  expect((await (await api.get('/api/account')).json()).passkeys[0].name).toBe(victimPasskey.name);
  expect((await api.get('/api/auth/session')).status()).toBe(200);
});

test('every management endpoint refuses a cross-site request and changes nothing', async ({ api, uniqueEmail, baseURL }) => {
  const email = uniqueEmail();
  await accountWithPasskey(api, softwareAuthenticator(baseURL!), email);
  const account = await (await api.get('/api/account')).json();
  const passkeyId = account.passkeys[0].id;
  const evil = { Origin: 'https://evil.example' };
  const attempts = [
    api.patch(`/api/account/passkeys/${passkeyId}`, { data: { name: 'x' }, headers: evil }),
    api.delete(`/api/account/passkeys/${passkeyId}`, { headers: evil }),
    api.put('/api/account/password', { data: { password: 'another good passphrase' }, headers: evil }),
    api.delete('/api/account/password', { headers: evil }),
    api.patch('/api/account/profile', { data: { displayName: 'Evil' }, headers: evil }),
    api.post('/api/account/sessions/end-others', { headers: evil }),
    api.post('/api/account/reauth/password', { data: { password: PASSWORD }, headers: evil }),
    api.post('/api/account/reauth/passkey/options', { headers: evil }),
  ];
  for (const response of await Promise.all(attempts)) {
    expect(response.status()).toBe(403);
    expect(await errorCode(response)).toBe('origin_not_allowed');
  }
  const after = await (await api.get('/api/account')).json();
  expect(after.passkeys).toEqual(account.passkeys);
  expect(after.user.displayName).toBe(account.user.displayName);
  expect(after.hasPassword).toBe(true);
});

test('a session that signed in more than 10 minutes ago must confirm before factors change', async ({ api, uniqueEmail, baseURL }) => {
  const email = uniqueEmail();
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(api, authenticator, email);
  const account = await (await api.get('/api/account')).json();
  await ageSessionsOf(email, 601);
  expect((await (await api.get('/api/account')).json()).session.recentlyAuthenticated).toBe(false);

  for (const response of [
    await api.delete(`/api/account/passkeys/${account.passkeys[0].id}`),
    await api.delete('/api/account/password'),
    await api.put('/api/account/password', { data: { password: 'a brand new passphrase' } }),
  ]) {
    expect(response.status()).toBe(403);
    expect(await errorCode(response)).toBe('reauth_required');
  }
  expect(await passkeysOf(email)).toHaveLength(1);
  // The old password still works: nothing changed. (Signing in makes a new, fresh session.)
  await signIn(api, email);
  await ageSessionsOf(email, 601);

  // Renaming and the display name need no confirmation.
  expect((await api.patch(`/api/account/passkeys/${account.passkeys[0].id}`, { data: { name: 'Laptop' } })).status()).toBe(200);

  // A wrong password does not confirm; the right one does, and the change then goes through.
  const wrong = await api.post('/api/account/reauth/password', { data: { password: 'not my password' } });
  expect(wrong.status()).toBe(401);
  expect((await api.delete('/api/account/password')).status()).toBe(403);
  expect((await api.post('/api/account/reauth/password', { data: { password: PASSWORD } })).status()).toBe(200);
  expect((await api.delete('/api/account/password')).status()).toBe(200);

  // Confirming with a passkey works too (the account is passwordless now).
  await ageSessionsOf(email, 601);
  const options = await (await api.post('/api/account/reauth/passkey/options')).json();
  expect(options.allowCredentials).toEqual([expect.objectContaining({ id: credential.id.toString('base64url') })]);
  const verify = await api.post('/api/account/reauth/passkey/verify', { data: authenticator.get(options, credential) });
  expect(verify.status(), await verify.text()).toBe(200);
  expect((await api.put('/api/account/password', { data: { password: 'a brand new passphrase' } })).status()).toBe(200);
  expect(await eventTypesOf(email)).toEqual(
    expect.arrayContaining(['reauth.failed', 'reauth.password', 'password.removed', 'reauth.passkey', 'password.set']),
  );
});

test('confirming it is you gives the session a new token, and keeps its history', async ({ api, newApi, uniqueEmail, baseURL }) => {
  // OWASP ASVS 5.0 V7.2.4: a new session token on every authentication, re-authentication too.
  const email = uniqueEmail();
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(api, authenticator, email);
  // A session that signed in with the passkey, then confirms with the password.
  const device = await newApi();
  expect((await passkeySignIn(device, authenticator, credential)).status()).toBe(200);
  const before = await (await device.get('/api/account')).json();
  const cookieOf = async (context: typeof device) => (await context.storageState()).cookies.find((c) => c.name === 'session')!.value;
  const oldToken = await cookieOf(device);
  await ageSessionsOf(email, 601);

  expect((await device.post('/api/account/reauth/password', { data: { password: PASSWORD } })).status()).toBe(200);
  const newToken = await cookieOf(device);
  expect(newToken).not.toBe(oldToken);
  const after = await (await device.get('/api/account')).json();
  // The same session, still "signed in with a passkey", at the same time, from the same place.
  const mine = (view: { sessions: { current: boolean; authMethod: string; signedInAt: string; device: unknown }[] }) =>
    view.sessions.find((s) => s.current)!;
  expect(mine(after)).toMatchObject({ authMethod: 'passkey', signedInAt: mine(before).signedInAt, device: mine(before).device });
  expect(after.session.authMethod).toBe('passkey');
  expect(after.session.recentlyAuthenticated).toBe(true);
  expect(after.sessions).toHaveLength(before.sessions.length);

  // The old token no longer works, anywhere.
  const replay = await (await newApi()).get('/api/account', { headers: { Cookie: `session=${oldToken}` } });
  expect(replay.status()).toBe(401);
  // Confirming with a passkey rotates it again.
  await ageSessionsOf(email, 601);
  const options = await (await device.post('/api/account/reauth/passkey/options')).json();
  expect((await device.post('/api/account/reauth/passkey/verify', { data: authenticator.get(options, credential) })).status()).toBe(200);
  expect(await cookieOf(device)).not.toBe(newToken);
  expect((await (await newApi()).get('/api/account', { headers: { Cookie: `session=${newToken}` } })).status()).toBe(401);
  expect((await device.get('/api/account')).status()).toBe(200);
});

test("confirming with another account's passkey, or a replayed one, fails", async ({ api, newApi, uniqueEmail, baseURL }) => {
  const authenticator = softwareAuthenticator(baseURL!);
  const email = uniqueEmail();
  await accountWithPasskey(api, authenticator, email);
  const other = await newApi();
  const othersCredential = await accountWithPasskey(other, authenticator, uniqueEmail());
  await ageSessionsOf(email, 601);
  const options = await (await api.post('/api/account/reauth/passkey/options')).json();
  const response = await api.post('/api/account/reauth/passkey/verify', { data: authenticator.get(options, othersCredential) });
  expect(response.status()).toBe(400);
  expect(await errorCode(response)).toBe('not_this_account');
  // A sign-in challenge is not a confirmation challenge.
  const signInOptions = await requestOptions(api);
  const wrongPurpose = await api.post('/api/account/reauth/passkey/verify', {
    data: authenticator.get(signInOptions, othersCredential),
  });
  expect(await errorCode(wrongPurpose)).toBe('invalid_challenge');
  expect((await (await api.get('/api/account')).json()).session.recentlyAuthenticated).toBe(false);
});

test('the last way to sign in cannot be removed, and a refusal writes nothing', async ({ api, newApi, uniqueEmail, baseURL }) => {
  // Password only: the password stays, and the account row is untouched (not even updatedAt).
  const passwordOnly = uniqueEmail();
  await newPasswordAccount(api, passwordOnly);
  const before = await userRowOf(passwordOnly);
  const noPasskey = await api.delete('/api/account/password');
  expect(noPasskey.status()).toBe(409);
  expect(await errorCode(noPasskey)).toBe('last_sign_in_method');
  expect(await userRowOf(passwordOnly)).toEqual(before);

  // One passkey, no password: the passkey stays.
  const browser = await newApi();
  const email = uniqueEmail();
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(browser, authenticator, email);
  expect((await browser.delete('/api/account/password')).status()).toBe(200);
  const [passkey] = (await (await browser.get('/api/account')).json()).passkeys;
  const passwordless = await userRowOf(email);
  const last = await browser.delete(`/api/account/passkeys/${passkey.id}`);
  expect(last.status()).toBe(409);
  expect(await errorCode(last)).toBe('last_sign_in_method');
  const noPassword = await browser.delete('/api/account/password');
  expect(noPassword.status()).toBe(404);
  expect(await errorCode(noPassword)).toBe('no_password');
  expect(await userRowOf(email)).toEqual(passwordless);
  expect(await passkeyState(credential.id.toString('base64url'))).toBeDefined();
  expect((await passkeySignIn(await newApi(), authenticator, credential)).status()).toBe(200);
});

test('a passwordless account answers password sign-in exactly like a wrong password', async ({ api, newApi, uniqueEmail, baseURL }) => {
  const email = uniqueEmail();
  await accountWithPasskey(api, softwareAuthenticator(baseURL!), email);
  expect((await api.delete('/api/account/password')).status()).toBe(200);
  const stranger = await newApi();
  const passwordless = await stranger.post('/api/auth/sign-in', { data: { email, password: PASSWORD } });
  const wrong = await stranger.post('/api/auth/sign-in', { data: { email: uniqueEmail(), password: PASSWORD } });
  expect(passwordless.status()).toBe(401);
  expect(await passwordless.json()).toEqual(await wrong.json());
});

test('names with invisible characters are refused, and a name of them alone is empty', async ({ api, uniqueEmail, baseURL }) => {
  const email = uniqueEmail();
  await accountWithPasskey(api, softwareAuthenticator(baseURL!), email);
  const account = await (await api.get('/api/account')).json();
  const id = account.passkeys[0].id;
  for (const invisible of ['\u061c', '\u200b', '\u2060', '\u200e', '\ufeff']) {
    for (const response of [
      await api.patch(`/api/account/passkeys/${id}`, { data: { name: `Work${invisible}laptop` } }),
      await api.patch('/api/account/profile', { data: { displayName: `Tess${invisible}Lee` } }),
    ]) {
      expect(response.status(), JSON.stringify(invisible)).toBe(400);
      expect((await response.json()).error.message).toMatch(/invisible or control characters/);
    }
  }
  const empty = await api.patch(`/api/account/passkeys/${id}`, { data: { name: '\u200b' } });
  expect(empty.status()).toBe(400);
  expect((await empty.json()).error.fields).toEqual({ name: 'Enter a name for the passkey.' });
  expect((await api.patch(`/api/account/passkeys/${id}`, { data: { name: 'Laptop 👩‍💻' } })).status()).toBe(200);
  const after = await (await api.get('/api/account')).json();
  expect(after.passkeys[0].name).toBe('Laptop 👩‍💻');
  expect(after.user.displayName).toBe('Tess');
});

test('bad input to the management endpoints gets a 4xx and changes nothing', async ({ api, uniqueEmail, baseURL }) => {
  const email = uniqueEmail();
  await accountWithPasskey(api, softwareAuthenticator(baseURL!), email);
  const account = await (await api.get('/api/account')).json();
  const id = account.passkeys[0].id;
  const cases: [Promise<import('@playwright/test').APIResponse>, number][] = [
    [api.patch(`/api/account/passkeys/${id}`, { data: { name: '' } }), 400],
    [api.patch(`/api/account/passkeys/${id}`, { data: { name: '   ' } }), 400],
    [api.patch(`/api/account/passkeys/${id}`, { data: { name: 'x'.repeat(65) } }), 400],
    [api.patch(`/api/account/passkeys/${id}`, { data: { name: 'x'.repeat(4096) } }), 400],
    [api.patch(`/api/account/passkeys/${id}`, { data: { name: 'evil\u202etxt.exe' } }), 400],
    [api.patch(`/api/account/passkeys/${id}`, { data: { name: 42 } }), 400],
    [api.patch(`/api/account/passkeys/${id}`, { data: { name: 'ok', extra: true } }), 400],
    [api.patch(`/api/account/passkeys/${id}`, { data: '{not json', headers: { 'Content-Type': 'application/json' } }), 400],
    [api.patch('/api/account/passkeys/..%2F..%2Fetc', { data: { name: 'x' } }), 404],
    [api.patch(`/api/account/passkeys/${'a'.repeat(300)}`, { data: { name: 'x' } }), 404],
    [api.delete('/api/account/sessions/not-a-session-id!'), 404],
    [api.patch('/api/account/profile', { data: { displayName: '' } }), 400],
    [api.patch('/api/account/profile', { data: { displayName: 'a\u0000b' } }), 400],
    [api.put('/api/account/password', { data: { password: 'password1' } }), 400],
    [api.put('/api/account/password', { data: { password: 'short' } }), 400],
    [api.put('/api/account/password', { data: { password: 'p'.repeat(4096) } }), 400],
    [api.put('/api/account/password', { data: {} }), 400],
    [api.get('/api/account/activity?before=%27%20OR%201%3D1'), 400],
    [api.get('/api/account/activity?limit=100000'), 400],
    [api.get('/api/account/activity?limit=-1'), 400],
    [api.get('/api/account/activity?unknown=1'), 400],
    [api.post('/api/account/reauth/password', { data: { password: 12 } }), 400],
    [api.post('/api/account/reauth/passkey/verify', { data: { id: 'x' } }), 400],
  ];
  for (const [pending, status] of cases) {
    const response = await pending;
    expect(response.status(), `${response.url()} ${await response.text()}`).toBe(status);
    expect((await response.json()).error.message.length).toBeGreaterThan(5);
  }
  const after = await (await api.get('/api/account')).json();
  expect(after.passkeys).toEqual(account.passkeys);
  expect(after.user.displayName).toBe(account.user.displayName);
  // The password did not change either.
  await signIn(api, email);
});

test('the management endpoints need a session', async ({ newApi }) => {
  const anonymous = await newApi();
  for (const response of [
    await anonymous.get('/api/account'),
    await anonymous.get('/api/account/activity'),
    await anonymous.get('/api/account/sessions'),
    await anonymous.patch('/api/account/profile', { data: { displayName: 'x' } }),
    await anonymous.delete('/api/account/password'),
    await anonymous.post('/api/account/sessions/end-others'),
  ]) {
    expect(response.status()).toBe(401);
  }
});

test('sessions: listed with device and method, one can be ended, or all others', async ({ api, newApi, uniqueEmail, baseURL }) => {
  const email = uniqueEmail();
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(api, authenticator, email);
  const phone = await newApi();
  expect((await passkeySignIn(phone, authenticator, credential)).status()).toBe(200);
  const laptop = await newApi();
  await signIn(laptop, email);
  const { sessions } = await (await api.get('/api/account/sessions')).json();
  expect(sessions).toHaveLength(3);
  expect(sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
  expect(sessions.map((s: { authMethod: string }) => s.authMethod).sort()).toEqual(['passkey', 'password', 'password']);
  const self = sessions.find((s: { current: boolean }) => s.current);
  expect((await api.delete(`/api/account/sessions/${self.id}`)).status()).toBe(400);

  const phoneSession = sessions.find((s: { authMethod: string }) => s.authMethod === 'passkey');
  expect((await api.delete(`/api/account/sessions/${phoneSession.id}`)).status()).toBe(200);
  expect((await phone.get('/api/auth/session')).status()).toBe(401);
  expect((await laptop.get('/api/auth/session')).status()).toBe(200);
  expect(await (await api.post('/api/account/sessions/end-others')).json()).toEqual({ ended: 1 });
  expect((await laptop.get('/api/auth/session')).status()).toBe(401);
  expect((await api.get('/api/auth/session')).status()).toBe(200);
});

test('the activity log pages through events newest first', async ({ api, uniqueEmail }) => {
  const email = uniqueEmail();
  await newPasswordAccount(api, email);
  for (let i = 0; i < 5; i++) await api.patch('/api/account/profile', { data: { displayName: `Name ${i}` } });
  const first = await (await api.get('/api/account/activity?limit=4')).json();
  expect(first.events).toHaveLength(4);
  expect(first.events.map((e: { type: string }) => e.type)).toEqual([
    'profile.updated',
    'profile.updated',
    'profile.updated',
    'profile.updated',
  ]);
  const second = await (await api.get(`/api/account/activity?limit=5&before=${first.next}`)).json();
  expect(second.events.map((e: { type: string }) => e.type)).toEqual([
    'profile.updated',
    'sign_in.password',
    'sign_out',
    'email.verification_sent',
    'sign_up',
  ]);
  expect(second.next).toBeNull();
  const times = [...first.events, ...second.events].map((e: { createdAt: string }) => e.createdAt);
  expect([...times].sort().reverse()).toEqual(times);
});

test('well-known URLs for password managers', async ({ request, baseURL }) => {
  const endpoints = await request.get('/.well-known/passkey-endpoints');
  expect(endpoints.status()).toBe(200);
  expect(await endpoints.json()).toEqual({ enroll: `${baseURL}/account#passkeys`, manage: `${baseURL}/account#passkeys` });
  const change = await request.get('/.well-known/change-password', { maxRedirects: 0 });
  expect(change.status()).toBe(302);
  expect(change.headers()['location']).toBe(`${baseURL}/account#password`);
});
