import { eventTypesOf, expireChallenge, passkeySignInMethodsOf, passkeyState, rowsWrittenFor, sessionCountOf } from './fixtures/database';
import {
  accountWithPasskey,
  errorCode,
  newPasswordAccount,
  passkeySignIn,
  passkeySignInWith,
  requestOptions,
  softwareAuthenticator,
} from './fixtures/ceremonies';
import { newES256Key } from './fixtures/software-authenticator';
import { expect, test } from './fixtures/test';

// Passkey sign-in against the relying-party checks of the README's relying-party table (WebAuthn L3 §7.1 and §7.2).

test('signs in with a passkey: a new session that says "passkey", counter and last use stored', async ({
  api,
  newApi,
  uniqueEmail,
  baseURL,
}) => {
  const email = uniqueEmail();
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(api, authenticator, email, { counterMode: 'increment' });
  const browser = await newApi();
  const options = await requestOptions(browser);
  expect(options).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
  expect(options.allowCredentials ?? []).toEqual([]);
  const response = await browser.post('/api/passkeys/sign-in/verify', { data: authenticator.get(options, credential) });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toMatchObject({ user: { email }, session: { authMethod: 'passkey' } });
  expect(response.headers()['set-cookie']).toMatch(/^session=/m);
  expect(await (await browser.get('/api/auth/session')).json()).toMatchObject({ session: { authMethod: 'passkey' } });
  expect(await passkeyState(credential.id.toString('base64url'))).toMatchObject({ counter: 1 });
  expect(await eventTypesOf(email)).toContain('sign_in.passkey');
});

test('a synced passkey that always reports counter 0 signs in again and again', async ({ api, newApi, uniqueEmail, baseURL }) => {
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(api, authenticator, uniqueEmail());
  for (let i = 0; i < 3; i++) {
    expect((await passkeySignIn(await newApi(), authenticator, credential)).status()).toBe(200);
  }
  expect(await passkeyState(credential.id.toString('base64url'))).toMatchObject({ counter: 0 });
});

test('a counter that goes backwards is refused, recorded, and leaves the stored counter alone', async ({
  api,
  newApi,
  uniqueEmail,
  baseURL,
}) => {
  const email = uniqueEmail();
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(api, authenticator, email, { counterMode: 'increment' });
  expect((await passkeySignIn(await newApi(), authenticator, credential, { counter: 5 })).status()).toBe(200);
  const browser = await newApi();
  for (const counter of [5, 3]) {
    const response = await passkeySignIn(browser, authenticator, credential, { counter });
    expect(response.status()).toBe(400);
    expect(await errorCode(response)).toBe('counter_regression');
  }
  expect(await passkeyState(credential.id.toString('base64url'))).toMatchObject({ counter: 5 });
  expect((await eventTypesOf(email)).filter((t) => t === 'passkey.counter_regression')).toHaveLength(2);
  expect((await browser.get('/api/auth/session')).status()).toBe(401);
});

test('20 concurrent verifications of one assertion: exactly one signs in', async ({ api, newApi, uniqueEmail, baseURL }) => {
  const email = uniqueEmail();
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(api, authenticator, email, { counterMode: 'increment' });
  const sessionsBefore = await sessionCountOf(email);
  const browser = await newApi();
  const options = await requestOptions(browser);
  const assertion = authenticator.get(options, credential);
  const responses = await Promise.all(Array.from({ length: 20 }, () => browser.post('/api/passkeys/sign-in/verify', { data: assertion })));
  const statuses = responses.map((r) => r.status());
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 400)).toHaveLength(19);
  for (const r of responses.filter((r) => r.status() === 400)) expect(await errorCode(r)).toBe('invalid_challenge');
  expect(await sessionCountOf(email)).toBe(sessionsBefore + 1);
  expect(await passkeyState(credential.id.toString('base64url'))).toMatchObject({ counter: 1 });
});

test('a passkey the server does not know gets a 404 that tells the page to signal it', async ({ newApi, baseURL }) => {
  const authenticator = softwareAuthenticator(baseURL!);
  const browser = await newApi();
  const options = await requestOptions(browser);
  const { credential } = authenticator.create({
    challenge: 'x',
    rp: { id: 'localhost', name: 'x' },
    user: { id: Buffer.alloc(32, 9).toString('base64url'), name: 'nobody', displayName: 'Nobody' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  });
  const response = await browser.post('/api/passkeys/sign-in/verify', { data: authenticator.get(options, credential) });
  expect(response.status()).toBe(404);
  expect(await errorCode(response)).toBe('unknown_credential');
});

test("the user handle must be the owner's: another account's handle, or none, is refused", async ({
  api,
  newApi,
  uniqueEmail,
  baseURL,
}) => {
  const authenticator = softwareAuthenticator(baseURL!);
  const victim = await accountWithPasskey(api, authenticator, uniqueEmail());
  const attacker = await newApi();
  const attackerCredential = await accountWithPasskey(attacker, authenticator, uniqueEmail());
  const browser = await newApi();
  const claimVictim = await passkeySignIn(browser, authenticator, attackerCredential, { userHandle: victim.userHandle });
  expect(claimVictim.status()).toBe(400);
  expect(await errorCode(claimVictim)).toBe('user_handle_mismatch');
  const none = await passkeySignIn(browser, authenticator, attackerCredential, { userHandle: null });
  expect(none.status()).toBe(400);
  expect(await errorCode(none)).toBe('user_handle_missing');
  expect((await browser.get('/api/auth/session')).status()).toBe(401);
});

type Attack = { name: string; code: string; overrides: Parameters<typeof passkeySignIn>[3] };
const attacks: Attack[] = [
  { name: 'a signature by another key', code: 'verification_failed', overrides: { signingKey: newES256Key().privateKey } },
  { name: 'UV=0 (verification is required at sign-in)', code: 'verification_failed', overrides: { flags: { uv: false } } },
  { name: 'UP=0', code: 'verification_failed', overrides: { flags: { up: false } } },
  { name: 'BE changed from 1 to 0', code: 'backup_eligibility_changed', overrides: { flags: { be: false, bs: false } } },
  { name: 'BS=1 with BE=0', code: 'verification_failed', overrides: { flags: { be: false, bs: true } } },
  { name: 'a cross-site origin', code: 'verification_failed', overrides: { clientData: { origin: 'https://evil.example' } } },
  { name: 'a sub-domain origin', code: 'verification_failed', overrides: { clientData: { origin: 'http://evil.localhost:3100' } } },
  { name: 'crossOrigin: true', code: 'cross_origin', overrides: { clientData: { crossOrigin: true } } },
  { name: 'the type of a registration', code: 'verification_failed', overrides: { clientData: { type: 'webauthn.create' } } },
  { name: 'another RP ID hash', code: 'verification_failed', overrides: { rpIdForHash: 'example.com' } },
];
for (const attack of attacks) {
  test(`refuses ${attack.name}: 4xx, no session, counter unchanged`, async ({ api, newApi, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    const authenticator = softwareAuthenticator(baseURL!);
    const credential = await accountWithPasskey(api, authenticator, email);
    const before = await passkeyState(credential.id.toString('base64url'));
    const sessions = await sessionCountOf(email);
    const browser = await newApi();
    const response = await passkeySignIn(browser, authenticator, credential, attack.overrides);
    expect(response.status(), await response.text()).toBe(400);
    expect(await errorCode(response)).toBe(attack.code);
    expect(await passkeyState(credential.id.toString('base64url'))).toEqual(before);
    expect(await sessionCountOf(email)).toBe(sessions);
    expect((await browser.get('/api/auth/session')).status()).toBe(401);
  });
}

test('backup state is updated when a passkey becomes synced', async ({ api, newApi, uniqueEmail, baseURL }) => {
  const authenticator = softwareAuthenticator(baseURL!);
  const credential = await accountWithPasskey(api, authenticator, uniqueEmail(), {
    flags: { up: false, uv: false, be: true, bs: false },
    counterMode: 'zero',
  });
  expect(await passkeyState(credential.id.toString('base64url'))).toMatchObject({ backupState: false });
  expect((await passkeySignIn(await newApi(), authenticator, credential, { flags: { bs: true } })).status()).toBe(200);
  expect(await passkeyState(credential.id.toString('base64url'))).toMatchObject({ backupState: true });
});

test.describe('sign-in challenges', () => {
  test('a challenge from another browser is refused', async ({ api, newApi, uniqueEmail, baseURL }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const credential = await accountWithPasskey(api, authenticator, uniqueEmail());
    const victimBrowser = await newApi();
    const options = await requestOptions(victimBrowser);
    const attackerBrowser = await newApi();
    await requestOptions(attackerBrowser); // it has a ceremony cookie of its own
    const response = await attackerBrowser.post('/api/passkeys/sign-in/verify', { data: authenticator.get(options, credential) });
    expect(response.status()).toBe(400);
    expect(await errorCode(response)).toBe('invalid_challenge');
    // Without any ceremony cookie, too.
    const bare = await newApi();
    const again = await bare.post('/api/passkeys/sign-in/verify', {
      data: authenticator.get(await requestOptions(victimBrowser), credential),
    });
    expect(await errorCode(again)).toBe('invalid_challenge');
  });

  test('a registration challenge cannot be used to sign in', async ({ api, newApi, uniqueEmail, baseURL }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const creation = await (await api.post('/api/passkeys/register/options')).json();
    const credential = await (async () => {
      const other = await newApi();
      return accountWithPasskey(other, authenticator, uniqueEmail());
    })();
    const options = await requestOptions(api);
    const response = await api.post('/api/passkeys/sign-in/verify', {
      data: authenticator.get(options, credential, { clientData: { challenge: creation.challenge } }),
    });
    expect(response.status()).toBe(400);
    expect(await errorCode(response)).toBe('invalid_challenge');
  });

  test('an expired challenge, and a flipped bit, are refused', async ({ api, newApi, uniqueEmail, baseURL }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const credential = await accountWithPasskey(api, authenticator, uniqueEmail());
    const browser = await newApi();
    const options = await requestOptions(browser);
    await expireChallenge(options.challenge);
    const expired = await browser.post('/api/passkeys/sign-in/verify', { data: authenticator.get(options, credential) });
    expect(await errorCode(expired)).toBe('invalid_challenge');
    const fresh = await requestOptions(browser);
    const flipped = Buffer.from(fresh.challenge, 'base64url');
    flipped[31]! ^= 0x80;
    const response = await browser.post('/api/passkeys/sign-in/verify', {
      data: authenticator.get(fresh, credential, { clientData: { challenge: flipped.toString('base64url') } }),
    });
    expect(response.status()).toBe(400);
    expect(await errorCode(response)).toBe('invalid_challenge');
  });

  test('sign-in options and verification refuse a cross-site Origin', async ({ api, newApi, uniqueEmail, baseURL }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const credential = await accountWithPasskey(api, authenticator, uniqueEmail());
    const browser = await newApi();
    expect((await browser.post('/api/passkeys/sign-in/options', { headers: { Origin: 'https://evil.example' } })).status()).toBe(403);
    const options = await requestOptions(browser);
    const assertion = authenticator.get(options, credential);
    const forged = await browser.post('/api/passkeys/sign-in/verify', { data: assertion, headers: { Origin: 'https://evil.example' } });
    expect(forged.status()).toBe(403);
    expect((await browser.post('/api/passkeys/sign-in/verify', { data: assertion })).status()).toBe(200);
  });

  test('a challenge presented from another browser is refused and not burned: its own browser still signs in', async ({
    api,
    newApi,
    uniqueEmail,
    baseURL,
  }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const credential = await accountWithPasskey(api, authenticator, uniqueEmail());
    const owner = await newApi();
    const options = await requestOptions(owner);
    const assertion = authenticator.get(options, credential);
    const thief = await newApi();
    await requestOptions(thief); // a ceremony cookie of its own
    const stolen = await thief.post('/api/passkeys/sign-in/verify', { data: assertion });
    expect(stolen.status()).toBe(400);
    expect((await stolen.json()).error.message).toContain('another browser');
    expect((await owner.post('/api/passkeys/sign-in/verify', { data: assertion })).status()).toBe(200);
  });

  test('the ceremony cookie is the server’s: a made-up one is replaced, and a sign-in drops it', async ({
    playwright,
    baseURL,
    uniqueEmail,
    api,
  }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const credential = await accountWithPasskey(api, authenticator, uniqueEmail());
    const madeUp = 'A'.repeat(43);
    const browser = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL!, Cookie: `ceremony=${madeUp}` } });
    const first = await browser.post('/api/passkeys/sign-in/options');
    const issued = /ceremony=([A-Za-z0-9_-]{43})/.exec(first.headers()['set-cookie'] ?? '')?.[1];
    expect(issued).toBeDefined();
    expect(issued).not.toBe(madeUp);
    await browser.dispose();

    // A browser that has the server's token keeps it while its ceremony is live …
    const real = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
    await requestOptions(real);
    const again = await real.post('/api/passkeys/sign-in/options');
    expect(again.headers()['set-cookie'] ?? '').not.toMatch(/ceremony=/);
    // … and loses it with the sign-in, so the next ceremony starts with a new one.
    const signedIn = await real.post('/api/passkeys/sign-in/verify', { data: authenticator.get(await again.json(), credential) });
    expect(signedIn.status()).toBe(200);
    expect(signedIn.headers()['set-cookie']).toMatch(/ceremony=;.*Max-Age=0/i);
    await real.dispose();
  });

  test('sign-in options, which store a challenge, are limited per address: a flood cannot grow the table', async ({ api, newApi }) => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) statuses.push((await api.post('/api/passkeys/sign-in/options')).status());
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    const refused = await api.post('/api/passkeys/sign-in/options');
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe('too_many_requests');
    // The same browser's other tabs share its address; another address is not affected.
    const elsewhere = await newApi();
    expect((await elsewhere.post('/api/passkeys/sign-in/options', { headers: { 'X-Forwarded-For': '2001:db8:ffff:1::1' } })).status()).toBe(
      200,
    );
  });

  test('sign-in options say how the browser will ask; the sign-in is recorded that way, and anything else is refused', async ({
    baseURL,
    api,
    newApi,
    uniqueEmail,
    clientAddress,
  }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const email = uniqueEmail();
    const credential = await accountWithPasskey(api, authenticator, email);
    for (const mediation of ['autofill', 'button'] as const) {
      expect((await passkeySignInWith(await newApi(), authenticator, credential, mediation)).status()).toBe(200);
    }
    // No body at all is the button, as before.
    expect((await passkeySignIn(await newApi(), authenticator, credential)).status()).toBe(200);
    expect(await passkeySignInMethodsOf(email)).toEqual(['autofill', 'button', 'button']);

    const before = await rowsWrittenFor(email, clientAddress);
    for (const data of [{ mediation: 'conditional' }, { mediation: 1 }, { mediation: 'autofill', extra: true }, [], null]) {
      const refused = await api.post('/api/passkeys/sign-in/options', { data });
      expect(refused.status(), JSON.stringify(data)).toBe(400);
      expect((await refused.json()).error.code).toBe('invalid_request');
    }
    const notJson = await api.post('/api/passkeys/sign-in/options', { headers: { 'Content-Type': 'text/plain' }, data: 'autofill' });
    expect(notJson.status()).toBe(415);
    expect(await rowsWrittenFor(email, clientAddress)).toEqual(before);
  });
});
