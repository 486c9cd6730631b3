import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { ageSessionsOf, eventTypesOf, expireChallenge, passkeyState, passkeysOf } from './fixtures/database';
import {
  accountWithPasskey,
  creationOptions,
  errorCode,
  newPasswordAccount,
  passkeySignIn,
  register,
  softwareAuthenticator,
} from './fixtures/ceremonies';
import { newES256Key } from './fixtures/software-authenticator';
import { expect, test } from './fixtures/test';

// Registration (the automatic upgrade and by hand) against the relying-party checks of
// the README's relying-party table (WebAuthn L3 §7.1 and §7.2): every attack gets a 4xx and changes nothing.

const silent = { flags: { up: false, uv: false, be: true, bs: true } } as const;

/** A real ES256 COSE key with some of its parameters replaced. */
function coseKey(replace: { x?: Buffer; y?: Buffer; crv?: number }): Uint8Array {
  const key: Map<number, unknown> = isoCBOR.decodeFirst(new Uint8Array(newES256Key().cosePublicKey));
  if (replace.x) key.set(-2, replace.x);
  if (replace.y) key.set(-3, replace.y);
  if (replace.crv) key.set(-1, replace.crv);
  return isoCBOR.encode(key as never);
}

function rsaCoseKey(bits: number): Uint8Array {
  const jwk = generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' });
  return isoCBOR.encode(
    new Map<number, unknown>([
      [1, 3],
      [3, -257],
      [-1, Buffer.from(jwk.n!, 'base64url')],
      [-2, Buffer.from(jwk.e!, 'base64url')],
    ]) as never,
  );
}

test.describe('who may have upgrade options', () => {
  test('a fresh password sign-in gets them once, with the options the upgrade needs', async ({ api, uniqueEmail }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const options = await creationOptions(api, 'upgrade');
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Passkey Upgrade' },
      user: { name: email, displayName: 'Tess' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
      excludeCredentials: [],
    });
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);
    // The user handle is 32 random bytes, not the email.
    expect(Buffer.from(options.user.id, 'base64url')).toHaveLength(32);
    expect(Buffer.from(options.user.id, 'base64url').includes(Buffer.from(email))).toBe(false);
    expect(options.user.id).not.toContain(Buffer.from(email).toString('base64url').slice(0, 8));

    const again = await api.post('/api/passkeys/upgrade/options');
    expect(again.status()).toBe(409);
    expect(await errorCode(again)).toBe('upgrade_already_offered');
  });

  test('concurrent requests for one sign-in get one set of options between them', async ({ api, uniqueEmail }) => {
    await newPasswordAccount(api, uniqueEmail());
    const responses = await Promise.all(Array.from({ length: 8 }, () => api.post('/api/passkeys/upgrade/options')));
    expect(responses.map((r) => r.status()).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
  });

  test('a new password sign-in is a new chance', async ({ api, uniqueEmail }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    await creationOptions(api, 'upgrade');
    await api.post('/api/auth/sign-in', { data: { email, password: 'an honest passphrase' } });
    await creationOptions(api, 'upgrade');
  });

  test('refused once the window after the password sign-in has passed', async ({ api, uniqueEmail }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    await ageSessionsOf(email, 301);
    const response = await api.post('/api/passkeys/upgrade/options');
    expect(response.status()).toBe(403);
    expect(await errorCode(response)).toBe('upgrade_window_passed');
  });

  test('refused to a passkey session that then confirmed with its password', async ({ api, newApi, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    const authenticator = softwareAuthenticator(baseURL!);
    const credential = await accountWithPasskey(api, authenticator, email);
    const other = await newApi();
    expect((await passkeySignIn(other, authenticator, credential)).status()).toBe(200);
    expect((await other.post('/api/account/reauth/password', { data: { password: 'an honest passphrase' } })).status()).toBe(200);
    const response = await other.post('/api/passkeys/upgrade/options');
    expect(response.status()).toBe(403);
    expect(await errorCode(response)).toBe('upgrade_not_eligible');
  });

  test('refused right after sign-up: the password manager has not saved the password yet', async ({ api, uniqueEmail }) => {
    const email = uniqueEmail();
    expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'New', password: 'an honest passphrase' } })).status()).toBe(
      201,
    );
    const response = await api.post('/api/passkeys/upgrade/options');
    expect(response.status()).toBe(403);
    expect(await errorCode(response)).toBe('upgrade_not_eligible');
    expect(await eventTypesOf(email)).toEqual(['sign_up', 'email.verification_sent']);
  });

  test('carries the address exactly as typed at this sign-in', async ({ api, uniqueEmail }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const typed = email.toUpperCase();
    expect((await api.post('/api/auth/sign-in', { data: { email: `  ${typed} `, password: 'an honest passphrase' } })).status()).toBe(200);
    const options = await creationOptions(api, 'upgrade');
    expect(options.user.name).toBe(typed);
  });

  test('refused to a session that signed in with a passkey', async ({ api, newApi, uniqueEmail, baseURL }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const credential = await accountWithPasskey(api, authenticator, uniqueEmail());
    const other = await newApi();
    expect((await passkeySignIn(other, authenticator, credential)).status()).toBe(200);
    const response = await other.post('/api/passkeys/upgrade/options');
    expect(response.status()).toBe(403);
    expect(await errorCode(response)).toBe('upgrade_not_eligible');
  });

  test('refused without a session, and to a cross-site request', async ({ api, newApi, uniqueEmail }) => {
    const anonymous = await newApi();
    expect((await anonymous.post('/api/passkeys/upgrade/options')).status()).toBe(401);
    await newPasswordAccount(api, uniqueEmail());
    const forged = await api.post('/api/passkeys/upgrade/options', { headers: { Origin: 'https://evil.example' } });
    expect(forged.status()).toBe(403);
    // The forged request did not use up the one offer.
    await creationOptions(api, 'upgrade');
  });
});

test.describe('verifying a new passkey', () => {
  test('the upgrade accepts UP=0 and UV=0 and stores the passkey as created automatically', async ({ api, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const { verify, credential } = await register(api, softwareAuthenticator(baseURL!), 'upgrade', {
      ...silent,
      attestation: 'packed',
      transports: ['internal', 'hybrid', 'quantum-tunnel'],
    });
    expect(verify.status(), await verify.text()).toBe(201);
    expect((await verify.json()).passkey).toMatchObject({ createdVia: 'automatic', synced: true, backupEligible: true });
    expect(await passkeysOf(email)).toEqual([
      expect.objectContaining({
        credentialId: credential.id.toString('base64url'),
        createdVia: 'automatic',
        uvInitialized: false,
        backupEligible: true,
        backupState: true,
        deviceType: 'multiDevice',
      }),
    ]);
    expect(await eventTypesOf(email)).toEqual([
      'sign_up',
      'email.verification_sent',
      'sign_out',
      'sign_in.password',
      'upgrade.offered',
      'passkey.created',
      'upgrade.created',
    ]);
  });

  for (const [name, flags] of [
    ['UP=0', { up: false, uv: true }],
    ['UV=0', { up: true, uv: false }],
    ['UP=0 and UV=0', { up: false, uv: false }],
  ] as const) {
    test(`a registration by hand with ${name} is refused`, async ({ api, uniqueEmail, baseURL }) => {
      const email = uniqueEmail();
      await newPasswordAccount(api, email);
      const { verify } = await register(api, softwareAuthenticator(baseURL!), 'register', { flags });
      expect(verify.status()).toBe(400);
      expect(await errorCode(verify)).toBe('verification_failed');
      expect(await passkeysOf(email)).toEqual([]);
    });
  }

  test('a registration by hand with presence and verification is stored as created by hand', async ({ api, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const { verify } = await register(api, softwareAuthenticator(baseURL!), 'register', { attestation: 'packed' });
    expect(verify.status(), await verify.text()).toBe(201);
    expect(await passkeysOf(email)).toEqual([
      expect.objectContaining({ createdVia: 'manual', uvInitialized: true, backupEligible: false }),
    ]);
  });

  test('an upgrade challenge cannot be obtained by asking for a normal one and claiming otherwise', async ({
    api,
    uniqueEmail,
    baseURL,
  }) => {
    // Nothing in the verify request says "upgrade": a normal challenge stays normal.
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const options = await creationOptions(api, 'register');
    const { response } = softwareAuthenticator(baseURL!).create(options, silent);
    const verify = await api.post('/api/passkeys/register/verify?upgrade=1', {
      data: { ...response, purpose: 'upgrade' },
    });
    expect(verify.status()).toBe(400);
    expect(await passkeysOf(email)).toEqual([]);
  });

  type Attack = {
    name: string;
    code: string;
    status?: number;
    kind?: 'upgrade' | 'register';
    overrides?: Parameters<typeof register>[3];
  };
  const attacks: Attack[] = [
    { name: 'a cross-site origin', code: 'verification_failed', overrides: { clientData: { origin: 'https://evil.example' } } },
    { name: 'a sub-domain origin', code: 'verification_failed', overrides: { clientData: { origin: 'http://evil.localhost:3100' } } },
    { name: 'the same host on another port', code: 'verification_failed', overrides: { clientData: { origin: 'http://localhost:3999' } } },
    {
      name: 'an https origin for our http one',
      code: 'verification_failed',
      overrides: { clientData: { origin: 'https://localhost:3100' } },
    },
    {
      name: 'crossOrigin: true',
      code: 'cross_origin',
      overrides: { clientData: { crossOrigin: true, topOrigin: 'https://evil.example' } },
    },
    { name: 'the type of a sign-in', code: 'verification_failed', overrides: { clientData: { type: 'webauthn.get' } } },
    { name: 'another RP ID hash', code: 'verification_failed', overrides: { rpIdForHash: 'example.com' } },
    { name: 'a parent-domain RP ID hash', code: 'verification_failed', overrides: { rpIdForHash: 'com' } },
    { name: 'a sub-domain RP ID hash', code: 'verification_failed', overrides: { rpIdForHash: 'evil.localhost' } },
    { name: 'BS=1 without BE=1', code: 'verification_failed', overrides: { flags: { be: false, bs: true } } },
    {
      name: 'a credential id that differs from the one signed',
      code: 'credential_id_mismatch',
      overrides: { responseId: Buffer.alloc(32, 7).toString('base64url') },
    },
    {
      name: 'a packed attestation signed by another key',
      code: 'verification_failed',
      overrides: { attestation: 'packed', attestationKey: newES256Key().privateKey },
    },
    {
      name: 'a packed attestation over a swapped public key',
      code: 'verification_failed',
      overrides: { attestation: 'packed', cosePublicKey: newES256Key().cosePublicKey },
    },
    { name: 'an over-long credential id', code: 'invalid_request', overrides: { credentialId: Buffer.alloc(1024, 1) } },
    {
      name: 'another site’s topOrigin without crossOrigin',
      code: 'cross_origin',
      overrides: { clientData: { topOrigin: 'https://evil.example' } },
    },
    // Keys that could never verify a signature: stored, they would fail every sign-in.
    { name: 'a P-256 key with a 31-byte x', code: 'invalid_public_key', overrides: { cosePublicKey: coseKey({ x: randomBytes(31) }) } },
    { name: 'a P-256 key with a 33-byte y', code: 'invalid_public_key', overrides: { cosePublicKey: coseKey({ y: randomBytes(33) }) } },
    {
      name: 'a P-256 point that is not on the curve',
      code: 'invalid_public_key',
      overrides: { cosePublicKey: coseKey({ x: randomBytes(32), y: randomBytes(32) }) },
    },
    { name: 'an ES256 key on another curve', code: 'invalid_public_key', overrides: { cosePublicKey: coseKey({ crv: 2 }) } },
    { name: 'a 1024-bit RSA key', code: 'invalid_public_key', overrides: { cosePublicKey: rsaCoseKey(1024) } },
    {
      name: 'an Ed25519 key of 31 bytes',
      code: 'invalid_public_key',
      overrides: {
        cosePublicKey: isoCBOR.encode(
          new Map<number, unknown>([
            [1, 1],
            [3, -8],
            [-1, 6],
            [-2, randomBytes(31)],
          ]) as never,
        ),
      },
    },
  ];
  for (const attack of attacks) {
    test(`refuses ${attack.name} with a 4xx and stores nothing`, async ({ api, uniqueEmail, baseURL }) => {
      const email = uniqueEmail();
      await newPasswordAccount(api, email);
      const { verify } = await register(api, softwareAuthenticator(baseURL!), attack.kind ?? 'upgrade', {
        ...silent,
        ...attack.overrides,
        flags: { ...silent.flags, ...attack.overrides?.flags },
      });
      expect(verify.status(), await verify.text()).toBe(attack.status ?? 400);
      expect(await errorCode(verify)).toBe(attack.code);
      expect(await passkeysOf(email)).toEqual([]);
      if (attack.code !== 'invalid_request') {
        // A refused upgrade is counted as such in the funnel.
        expect(await eventTypesOf(email)).toEqual([
          'sign_up',
          'email.verification_sent',
          'sign_out',
          'sign_in.password',
          'upgrade.offered',
          'upgrade.rejected',
        ]);
      }
    });
  }

  test('accepts a 2048-bit RSA key', async ({ api, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const { verify } = await register(api, softwareAuthenticator(baseURL!), 'upgrade', { ...silent, cosePublicKey: rsaCoseKey(2048) });
    expect(verify.status(), await verify.text()).toBe(201);
  });

  test('accepts the longest allowed credential id (1023 bytes)', async ({ api, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const { verify } = await register(api, softwareAuthenticator(baseURL!), 'upgrade', { ...silent, credentialId: randomBytes(1023) });
    expect(verify.status(), await verify.text()).toBe(201);
  });

  test('a credential id that another account owns is refused and the owner keeps it', async ({ api, newApi, uniqueEmail, baseURL }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const victim = await accountWithPasskey(api, authenticator, uniqueEmail());
    const before = await passkeyState(victim.id.toString('base64url'));
    const attacker = await newApi();
    const attackerEmail = uniqueEmail();
    await newPasswordAccount(attacker, attackerEmail);
    const { verify } = await register(attacker, authenticator, 'upgrade', { ...silent, credentialId: victim.id });
    expect(verify.status()).toBe(409);
    expect(await errorCode(verify)).toBe('credential_exists');
    expect(await passkeyState(victim.id.toString('base64url'))).toEqual(before);
    expect(await passkeysOf(attackerEmail)).toEqual([]);
    // The victim still signs in with it.
    expect((await passkeySignIn(await newApi(), authenticator, victim)).status()).toBe(200);
  });

  test("the account's passkeys are excluded from new options", async ({ api, uniqueEmail, baseURL }) => {
    const authenticator = softwareAuthenticator(baseURL!);
    const credential = await accountWithPasskey(api, authenticator, uniqueEmail());
    const options = await creationOptions(api, 'register');
    expect(options.excludeCredentials).toEqual([{ id: credential.id.toString('base64url'), type: 'public-key', transports: ['internal'] }]);
  });
});

test.describe('registration challenges', () => {
  test('a flipped bit in the challenge is refused', async ({ api, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const options = await creationOptions(api, 'upgrade');
    const bytes = Buffer.from(options.challenge, 'base64url');
    bytes[0]! ^= 0x01;
    const { response } = softwareAuthenticator(baseURL!).create(options, {
      ...silent,
      clientData: { challenge: bytes.toString('base64url') },
    });
    const verify = await api.post('/api/passkeys/register/verify', { data: response });
    expect(verify.status()).toBe(400);
    expect(await errorCode(verify)).toBe('invalid_challenge');
    expect(await passkeysOf(email)).toEqual([]);
  });

  test('a challenge is used once: replaying the response fails and stores nothing more', async ({ api, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const options = await creationOptions(api, 'register');
    const authenticator = softwareAuthenticator(baseURL!);
    const { response } = authenticator.create(options);
    expect((await api.post('/api/passkeys/register/verify', { data: response })).status()).toBe(201);
    const replay = await api.post('/api/passkeys/register/verify', { data: response });
    expect(replay.status()).toBe(400);
    expect(await errorCode(replay)).toBe('invalid_challenge');
    // Even with a new credential under the same challenge.
    const second = authenticator.create(options).response;
    expect(await errorCode(await api.post('/api/passkeys/register/verify', { data: second }))).toBe('invalid_challenge');
    expect(await passkeysOf(email)).toHaveLength(1);
  });

  test('a challenge from another browser session is refused, even for the same account', async ({ api, newApi, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const options = await creationOptions(api, 'upgrade');
    const { response } = softwareAuthenticator(baseURL!).create(options, silent);
    const other = await newApi();
    await other.post('/api/auth/sign-in', { data: { email, password: 'an honest passphrase' } });
    const verify = await other.post('/api/passkeys/register/verify', { data: response });
    expect(verify.status()).toBe(400);
    expect(await errorCode(verify)).toBe('invalid_challenge');
    expect(await passkeysOf(email)).toEqual([]);
  });

  test('a sign-in challenge cannot be used to register', async ({ api, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const upgrade = await creationOptions(api, 'upgrade');
    const signIn = await (await api.post('/api/passkeys/sign-in/options')).json();
    const { response } = softwareAuthenticator(baseURL!).create(upgrade, { ...silent, clientData: { challenge: signIn.challenge } });
    const verify = await api.post('/api/passkeys/register/verify', { data: response });
    expect(verify.status()).toBe(400);
    expect(await errorCode(verify)).toBe('invalid_challenge');
    expect(await passkeysOf(email)).toEqual([]);
  });

  test('an expired challenge is refused', async ({ api, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const options = await creationOptions(api, 'upgrade');
    await expireChallenge(options.challenge);
    const { response } = softwareAuthenticator(baseURL!).create(options, silent);
    const verify = await api.post('/api/passkeys/register/verify', { data: response });
    expect(verify.status()).toBe(400);
    expect(await errorCode(verify)).toBe('invalid_challenge');
    expect(await passkeysOf(email)).toEqual([]);
  });

  test("registration needs a session and the app's Origin", async ({ api, newApi, uniqueEmail, baseURL }) => {
    const email = uniqueEmail();
    await newPasswordAccount(api, email);
    const options = await creationOptions(api, 'upgrade');
    const { response } = softwareAuthenticator(baseURL!).create(options, silent);
    const forged = await api.post('/api/passkeys/register/verify', { data: response, headers: { Origin: 'https://evil.example' } });
    expect(forged.status()).toBe(403);
    const anonymous = await (await newApi()).post('/api/passkeys/register/verify', { data: response });
    expect(anonymous.status()).toBe(401);
    // Neither used up the challenge: the real request still goes through.
    expect((await api.post('/api/passkeys/register/verify', { data: response })).status()).toBe(201);
  });
});
