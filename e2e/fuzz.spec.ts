import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { APIRequestContext } from '@playwright/test';
import { passkeyState, sessionCountOf } from './fixtures/database';
import { accountWithPasskey, softwareAuthenticator } from './fixtures/ceremonies';
import type { SoftwareAuthenticator, SoftwareCredential } from './fixtures/software-authenticator';
import { expect, test } from './fixtures/test';

// A bounded, seeded fuzz run against the verify and management endpoints. Each case starts
// from a valid request (fresh options, a real response from the software authenticator)
// and breaks it one way: JSON shape and types, base64url, clientDataJSON, authenticator
// data, the CBOR attestation object and its COSE key, signatures, user handles. Only parts
// the server checks cryptographically or by value are mutated, so every case must be
// refused: a 4xx JSON error, never a 5xx or a hang, and nothing stored.
//
// Reproduce or lengthen:  FUZZ_SEED=<seed> FUZZ_CASES=<n> npx playwright test e2e/fuzz.spec.ts
// (`npm run fuzz` runs 5,000 cases per endpoint). A case that fails is printed with its seed
// and index; turn it into a named case in e2e/passkey-bad-input.spec.ts.

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const CASES = Number(process.env.FUZZ_CASES ?? 150);

/** mulberry32: a small, fast, seedable PRNG, so a run can be replayed exactly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

type Json = Record<string, any>;
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url');

const WEIRD_VALUES = [
  null,
  0,
  -1,
  1e308,
  true,
  [],
  {},
  '',
  ' ',
  '\u0000',
  '\ud800',
  'A'.repeat(70_000),
  '../../etc/passwd',
  '<script>',
  { $ne: null },
];

/** Changes bytes so the result always differs from the input. */
function mutateBytes(rng: Rng, bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  switch (rng.int(5)) {
    case 0: {
      if (copy.length === 0) return Buffer.from([rng.int(256)]);
      const i = rng.int(copy.length);
      copy[i] = copy[i]! ^ (1 << rng.int(8));
      return copy;
    }
    case 1:
      return copy.subarray(0, rng.int(Math.max(1, copy.length)));
    case 2:
      return Buffer.concat([copy, Buffer.from(Array.from({ length: 1 + rng.int(64) }, () => rng.int(256)))]);
    case 3: {
      const i = rng.int(Math.max(1, copy.length));
      return Buffer.concat([copy.subarray(0, i), Buffer.from([rng.int(256)]), copy.subarray(i)]);
    }
    default:
      return Buffer.from(Array.from({ length: 1 + rng.int(200) }, () => rng.int(256)));
  }
}

function mutateClientData(rng: Rng, encoded: string): string {
  const data = JSON.parse(unb64(encoded).toString()) as Json;
  switch (rng.int(6)) {
    case 0:
      {
        const type = rng.pick(['webauthn.get', 'webauthn.create', 'payment.get', '', 'WEBAUTHN.CREATE']);
        data.type = type === data.type ? `${type}x` : type;
      }
      break;
    case 1:
      data.challenge = b64(mutateBytes(rng, unb64(String(data.challenge))));
      break;
    case 2:
      data.origin = rng.pick([
        'https://evil.example',
        'http://localhost',
        'http://localhost:3100.evil.example',
        'null',
        'http://sub.localhost:3100',
      ]);
      break;
    case 3:
      data.crossOrigin = true;
      data.topOrigin = 'https://evil.example';
      break;
    case 4:
      delete data[rng.pick(['type', 'challenge', 'origin'])];
      break;
    default:
      data[rng.pick(['type', 'challenge', 'origin'])] = rng.pick(WEIRD_VALUES);
  }
  return b64(JSON.stringify(data));
}

function mutateAttestation(rng: Rng, encoded: string): string {
  const attestation = isoCBOR.decodeFirst<Map<string, any>>(new Uint8Array(unb64(encoded)));
  const authData = Buffer.from(attestation.get('authData'));
  switch (rng.int(8)) {
    case 0: // any bit of the authenticator data (covered by the packed signature)
      attestation.set('authData', mutateBytes(rng, authData));
      break;
    case 1: {
      // the COSE key, re-encoded with one parameter changed or removed
      const start = 55 + authData.readUInt16BE(53);
      const key = isoCBOR.decodeFirst<Map<number, any>>(new Uint8Array(authData.subarray(start)));
      const param = rng.pick([1, 3, -1, -2, -3]);
      if (rng.int(2) === 0) key.delete(param);
      else key.set(param, rng.pick([0, -257, -8, 99, new Uint8Array(3), 'text']));
      attestation.set('authData', Buffer.concat([authData.subarray(0, start), Buffer.from(isoCBOR.encode(key))]));
      break;
    }
    case 2:
      attestation.set('fmt', rng.pick(['none', 'tpm', 'fido-u2f', 'x', '']));
      break;
    case 3: {
      const statement: Map<string, any> = attestation.get('attStmt');
      if (rng.int(2) === 0) statement.set('sig', mutateBytes(rng, Buffer.from(statement.get('sig'))));
      else statement.set('alg', rng.pick([-257, -8, 0, 'ES256']));
      break;
    }
    case 4:
      attestation.delete(rng.pick(['fmt', 'attStmt', 'authData']));
      break;
    case 5:
      // cut 1 to 8 bytes off the end: a CBOR item that declares more than follows
      return b64(unb64(encoded).subarray(0, -(1 + rng.int(8))));
    case 6: {
      // a key that cannot work: a coordinate of the wrong length, a point off the curve,
      // another curve
      const start = 55 + authData.readUInt16BE(53);
      const key = isoCBOR.decodeFirst<Map<number, any>>(new Uint8Array(authData.subarray(start)));
      const coordinate = rng.pick([-2, -3]);
      switch (rng.int(3)) {
        case 0:
          key.set(
            coordinate,
            new Uint8Array(rng.pick([31, 33, 0, 64])).map(() => rng.int(256)),
          );
          break;
        case 1:
          key.set(
            coordinate,
            new Uint8Array(32).map(() => rng.int(256)),
          );
          break;
        default:
          key.set(-1, rng.pick([2, 3, 6, 0]));
      }
      attestation.set('authData', Buffer.concat([authData.subarray(0, start), Buffer.from(isoCBOR.encode(key))]));
      break;
    }
    default:
      return b64(mutateBytes(rng, unb64(encoded)));
  }
  return b64(isoCBOR.encode(attestation));
}

type Target = 'registration' | 'authentication';

function mutate(rng: Rng, target: Target, valid: Json): Json {
  const r = structuredClone(valid);
  const signedFields =
    target === 'registration'
      ? ['clientDataJSON', 'attestationObject']
      : ['clientDataJSON', 'authenticatorData', 'signature', 'userHandle'];
  switch (rng.int(7)) {
    case 0: // shape: a top-level or response field removed or of another type
      if (rng.int(2) === 0) delete r[rng.pick(['id', 'rawId', 'type', 'response'])];
      else r[rng.pick(['id', 'rawId', 'type', 'response'])] = rng.pick(WEIRD_VALUES);
      return r;
    case 1:
      if (rng.int(2) === 0) delete r.response[rng.pick(signedFields)];
      else r.response[rng.pick(signedFields)] = rng.pick(WEIRD_VALUES);
      return r;
    case 2: {
      // base64url that is not base64url, or another credential id
      const field = rng.pick(['id', ...signedFields.map((f) => `response.${f}`)]);
      const bad = rng.pick(['+/==', '%00', 'a b', '🙂', b64(mutateBytes(rng, Buffer.from('x')))]);
      if (field === 'id') {
        r.id = bad;
        r.rawId = bad;
      } else r.response[field.slice('response.'.length)] = bad;
      return r;
    }
    case 3:
      r.response.clientDataJSON = mutateClientData(rng, r.response.clientDataJSON);
      return r;
    case 4:
      if (target === 'registration') r.response.attestationObject = mutateAttestation(rng, r.response.attestationObject);
      else r.response.authenticatorData = b64(mutateBytes(rng, unb64(r.response.authenticatorData)));
      return r;
    case 5:
      if (target === 'registration') r.response.attestationObject = b64(mutateBytes(rng, unb64(r.response.attestationObject)));
      else r.response.signature = b64(mutateBytes(rng, unb64(r.response.signature)));
      return r;
    default:
      if (target === 'authentication') r.response.userHandle = b64(mutateBytes(rng, unb64(r.response.userHandle)));
      else {
        const id = b64(mutateBytes(rng, unb64(r.id)));
        r.id = id;
        r.rawId = id;
      }
      return r;
  }
}

/** Which fields a mutation changed, and to what (for a failing case's message). */
function difference(valid: Json, mutated: Json): string {
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(valid), ...Object.keys(mutated)])) {
    if (key === 'response' && valid.response && typeof mutated.response === 'object' && mutated.response) {
      for (const inner of new Set([...Object.keys(valid.response), ...Object.keys(mutated.response)])) {
        if (JSON.stringify(valid.response[inner]) !== JSON.stringify(mutated.response[inner])) {
          changed.push(
            `response.${inner}: ${JSON.stringify(valid.response[inner])?.slice(0, 400)} -> ${JSON.stringify(mutated.response[inner])?.slice(0, 400)}`,
          );
        }
      }
    } else if (JSON.stringify(valid[key]) !== JSON.stringify(mutated[key])) {
      changed.push(`${key}: ${JSON.stringify(valid[key])?.slice(0, 200)} -> ${JSON.stringify(mutated[key])?.slice(0, 200)}`);
    }
  }
  return changed.join('\n');
}

async function expectRefused(response: Awaited<ReturnType<APIRequestContext['post']>>, label: string) {
  const status = response.status();
  const text = await response.text();
  expect(status, `${label}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(JSON.parse(text).error.code, label).toEqual(expect.any(String));
}

test.describe.configure({ timeout: Math.max(120_000, CASES * 600) });

test(`registration verify: ${CASES} mutated responses (seed ${SEED}), all refused, nothing stored`, async ({
  api,
  uniqueEmail,
  baseURL,
}) => {
  const rng = prng(SEED);
  const authenticator: SoftwareAuthenticator = softwareAuthenticator(baseURL!);
  const email = uniqueEmail();
  const owned = await accountWithPasskey(api, authenticator, email);
  const before = JSON.stringify(await passkeyState(owned.id.toString('base64url')));
  for (let i = 0; i < CASES; i++) {
    const options = await (await api.post('/api/passkeys/register/options')).json();
    const { response } = authenticator.create(options, { attestation: 'packed' });
    const mutated = mutate(rng, 'registration', response as unknown as Json);
    expect(difference(response as unknown as Json, mutated), `registration case ${i} changed nothing`).not.toBe('');
    const result = await api.post('/api/passkeys/register/verify', { data: mutated, timeout: 10_000 });
    await expectRefused(result, `registration case ${i} (FUZZ_SEED=${SEED})\n${difference(response as unknown as Json, mutated)}`);
  }
  const account = await (await api.get('/api/account')).json();
  expect(account.passkeys).toHaveLength(1);
  expect(JSON.stringify(await passkeyState(owned.id.toString('base64url')))).toBe(before);
});

test(`sign-in verify: ${CASES} mutated assertions (seed ${SEED + 1}), all refused, nobody signed in`, async ({
  api,
  newApi,
  uniqueEmail,
  baseURL,
}) => {
  const rng = prng(SEED + 1);
  const authenticator = softwareAuthenticator(baseURL!);
  const email = uniqueEmail();
  const credential: SoftwareCredential = await accountWithPasskey(api, authenticator, email, { counterMode: 'increment' });
  const sessions = await sessionCountOf(email);
  const browser = await newApi();
  for (let i = 0; i < CASES; i++) {
    // Each case from its own address: sign-in options are limited per address (60 per window).
    const response = await browser.post('/api/passkeys/sign-in/options', {
      headers: { 'X-Forwarded-For': `2001:db8:f0:${i.toString(16)}::1` },
    });
    expect(response.status()).toBe(200);
    const options = await response.json();
    const assertion = authenticator.get(options, credential, { counter: 0 });
    const mutated = mutate(rng, 'authentication', assertion as unknown as Json);
    expect(difference(assertion as unknown as Json, mutated), `sign-in case ${i} changed nothing`).not.toBe('');
    const result = await browser.post('/api/passkeys/sign-in/verify', { data: mutated, timeout: 10_000 });
    await expectRefused(result, `sign-in case ${i} (FUZZ_SEED=${SEED + 1})\n${difference(assertion as unknown as Json, mutated)}`);
  }
  expect(await sessionCountOf(email)).toBe(sessions);
  expect(await passkeyState(credential.id.toString('base64url'))).toMatchObject({ counter: 0 });
  expect((await browser.get('/api/auth/session')).status()).toBe(401);
});

test(`management endpoints: ${CASES} hostile bodies, paths and queries (seed ${SEED + 2}), all refused, nothing changed`, async ({
  api,
  uniqueEmail,
  baseURL,
}) => {
  const rng = prng(SEED + 2);
  await accountWithPasskey(api, softwareAuthenticator(baseURL!), uniqueEmail());
  const before = await (await api.get('/api/account')).json();
  const passkeyId: string = before.passkeys[0].id;
  // Values no name or password may take (a merely odd but valid string would rightly succeed).
  const badName = () =>
    rng.pick([
      null,
      0,
      -1,
      true,
      [],
      {},
      '',
      '   ',
      '\u0000',
      '\ud800',
      'x'.repeat(65),
      'a\u202egnp',
      'A'.repeat(70_000),
      { $ne: null },
      // invisible format characters (Unicode Cf), and names made of nothing else
      '\u200b',
      ' \u2060 ',
      'Work\u200blaptop',
      'a\u061cb',
      'x\u2060y',
      '\u00ad',
      'pc\u200d1',
    ]);
  const badPassword = () => rng.pick([null, 0, true, [], {}, '', 'short', 'password1', 'p'.repeat(129), '\ud800']);
  const weird = () => rng.pick(WEIRD_VALUES);
  const hostileId = () => rng.pick(['x', '..%2F..', 'a'.repeat(300), passkeyId.toUpperCase(), `${passkeyId}x`, '%00', '0']);
  const cases: (() => Promise<Awaited<ReturnType<APIRequestContext['post']>>>)[] = [
    () => api.patch(`/api/account/passkeys/${passkeyId}`, { data: { name: badName() } }),
    () => api.patch(`/api/account/passkeys/${passkeyId}`, { data: rng.pick([[], 'name', 7, null, { name: 'ok', extra: weird() }]) as any }),
    () => api.patch(`/api/account/passkeys/${hostileId()}`, { data: { name: 'Fine name' } }),
    () => api.delete(`/api/account/passkeys/${hostileId()}`),
    () => api.delete(`/api/account/sessions/${hostileId()}`),
    () => api.put('/api/account/password', { data: { password: badPassword() } }),
    () => api.patch('/api/account/profile', { data: { displayName: badName() } }),
    () => api.post('/api/account/reauth/password', { data: { password: badPassword(), ...(rng.int(2) ? { extra: 1 } : {}) } }),
    () => api.post('/api/account/reauth/passkey/verify', { data: { id: weird(), rawId: weird(), type: 'public-key', response: weird() } }),
    () =>
      api.get(`/api/account/activity?${rng.pick(['limit=0', 'limit=101', 'limit=abc', 'before=%27', 'before=' + 'z'.repeat(60), 'x=1'])}`),
  ];
  for (let i = 0; i < CASES; i++) {
    const send = rng.pick(cases);
    const result = await send();
    await expectRefused(result, `management case ${i} (FUZZ_SEED=${SEED + 2})`);
  }
  const after = await (await api.get('/api/account')).json();
  expect(after.passkeys).toEqual(before.passkeys);
  expect(after.user).toEqual(before.user);
  expect(after.hasPassword).toBe(true);
});
