import { isoCBOR } from '@simplewebauthn/server/helpers';
import { passkeysOf, sessionCountOf } from './fixtures/database';
import {
  accountWithPasskey,
  creationOptions,
  errorCode,
  newPasswordAccount,
  requestOptions,
  softwareAuthenticator,
} from './fixtures/ceremonies';
import { expect, test } from './fixtures/test';

// Malformed input on the passkey endpoints: malformed JSON, base64url, client data, CBOR,
// authenticator data and COSE keys, each built by breaking one part of a valid response.
// Every case gets a 4xx JSON error, never a 5xx, and nothing is stored.

const b64 = (data: Uint8Array | string) => Buffer.from(data).toString('base64url');

type Mutation = { name: string; mutate: (response: Record<string, any>) => unknown };

const common: Mutation[] = [
  { name: 'not an object', mutate: () => 'just a string' },
  { name: 'no response', mutate: (r) => ({ ...r, response: undefined }) },
  { name: 'an id that is not base64url', mutate: (r) => ({ ...r, id: 'a+b/c=', rawId: 'a+b/c=' }) },
  { name: 'id and rawId that differ', mutate: (r) => ({ ...r, rawId: b64('other') }) },
  { name: 'an empty id', mutate: (r) => ({ ...r, id: '', rawId: '' }) },
  { name: 'a numeric id', mutate: (r) => ({ ...r, id: 42, rawId: 42 }) },
  { name: 'type "password"', mutate: (r) => ({ ...r, type: 'password' }) },
  { name: 'clientDataJSON that is not base64url', mutate: (r) => ({ ...r, response: { ...r.response, clientDataJSON: '%%%' } }) },
  { name: 'clientDataJSON that is not JSON', mutate: (r) => ({ ...r, response: { ...r.response, clientDataJSON: b64('{"type":') } }) },
  { name: 'clientDataJSON that is a JSON array', mutate: (r) => ({ ...r, response: { ...r.response, clientDataJSON: b64('[1,2]') } }) },
  {
    name: 'clientDataJSON without a challenge',
    mutate: (r) => ({ ...r, response: { ...r.response, clientDataJSON: b64(JSON.stringify({ type: 'webauthn.create', origin: 'x' })) } }),
  },
  {
    name: 'clientDataJSON that is not UTF-8',
    mutate: (r) => ({ ...r, response: { ...r.response, clientDataJSON: b64(Buffer.from([0xff, 0xfe, 0x7b])) } }),
  },
  { name: 'an extra top-level field', mutate: (r) => ({ ...r, purpose: 'upgrade' }) },
  { name: 'clientExtensionResults that is not an object', mutate: (r) => ({ ...r, clientExtensionResults: 'x' }) },
];

function withAttestation(r: Record<string, any>, attestationObject: Uint8Array | string) {
  return {
    ...r,
    response: { ...r.response, attestationObject: typeof attestationObject === 'string' ? attestationObject : b64(attestationObject) },
  };
}

function decodeAttestation(r: Record<string, any>): Map<string, any> {
  return isoCBOR.decodeFirst(Buffer.from(r.response.attestationObject, 'base64url'));
}

function withAuthData(r: Record<string, any>, edit: (authData: Buffer) => Buffer) {
  const attestation = decodeAttestation(r);
  attestation.set('authData', edit(Buffer.from(attestation.get('authData'))));
  return withAttestation(r, isoCBOR.encode(attestation));
}

const registrationOnly: Mutation[] = [
  { name: 'an attestationObject that is not CBOR', mutate: (r) => withAttestation(r, Buffer.from([0xff, 0x00, 0x13, 0x37])) },
  {
    name: 'a truncated attestationObject',
    mutate: (r) => withAttestation(r, Buffer.from(r.response.attestationObject, 'base64url').subarray(0, 40)),
  },
  { name: 'an attestationObject that is a CBOR array', mutate: (r) => withAttestation(r, isoCBOR.encode([1, 2, 3])) },
  { name: 'an empty attestationObject', mutate: (r) => withAttestation(r, '') },
  {
    name: 'an unknown attestation format',
    mutate: (r) => {
      const a = decodeAttestation(r);
      a.set('fmt', 'made-up');
      return withAttestation(r, isoCBOR.encode(a));
    },
  },
  {
    name: 'attestation "none" with a statement',
    mutate: (r) => {
      const a = decodeAttestation(r);
      a.set('fmt', 'none');
      return withAttestation(r, isoCBOR.encode(a));
    },
  },
  { name: 'authenticator data cut short', mutate: (r) => withAuthData(r, (d) => d.subarray(0, 36)) },
  {
    name: 'authenticator data without the attested-credential flag',
    mutate: (r) =>
      withAuthData(r, (d) => {
        const c = Buffer.from(d);
        c[32] = c[32]! & ~0x40;
        return c;
      }),
  },
  {
    name: 'a credential id length past the end',
    mutate: (r) =>
      withAuthData(r, (d) => {
        const c = Buffer.from(d);
        c.writeUInt16BE(0xffff, 53);
        return c;
      }),
  },
  {
    name: 'a COSE key that is not CBOR',
    mutate: (r) => withAuthData(r, (d) => Buffer.concat([d.subarray(0, 55 + d.readUInt16BE(53)), Buffer.from([0xff, 0xff, 0xff])])),
  },
  {
    name: 'a COSE key without an algorithm',
    mutate: (r) =>
      withAuthData(r, (d) =>
        Buffer.concat([
          d.subarray(0, 55 + d.readUInt16BE(53)),
          Buffer.from(
            isoCBOR.encode(
              new Map([
                [1, 2],
                [-1, 1],
              ]),
            ),
          ),
        ]),
      ),
  },
  {
    name: 'a COSE key with an algorithm we did not offer',
    mutate: (r) =>
      withAuthData(r, (d) => {
        const start = 55 + d.readUInt16BE(53);
        const key: Map<number, any> = isoCBOR.decodeFirst(new Uint8Array(d.subarray(start)));
        key.set(3, -36);
        return Buffer.concat([d.subarray(0, start), Buffer.from(isoCBOR.encode(key))]);
      }),
  },
  // Found by e2e/fuzz.spec.ts (seed 20261126, case 118): the verifier read only the first
  // CBOR item and ignored what followed.
  {
    name: 'bytes after the attestation object',
    mutate: (r) =>
      withAttestation(r, Buffer.concat([Buffer.from(r.response.attestationObject, 'base64url'), Buffer.from([0x7a, 0x4e, 0x1c])])),
  },
  // Found by e2e/fuzz.spec.ts (seed 777, case 188): WebAuthn §8.2 wants a self-attestation's
  // alg to be the key's; the verifier only used it to pick the hash.
  {
    name: 'a self-attestation naming another algorithm',
    mutate: (r) => {
      const a = decodeAttestation(r);
      a.get('attStmt').set('alg', -257);
      return withAttestation(r, isoCBOR.encode(a));
    },
  },
  // Found by e2e/fuzz.spec.ts (seed 4242, case 546): bytes after the attestation's DER signature.
  {
    name: 'bytes after the attestation signature',
    mutate: (r) => {
      const a = decodeAttestation(r);
      const st = a.get('attStmt');
      st.set('sig', Buffer.concat([Buffer.from(st.get('sig')), Buffer.from([3, 180, 27])]));
      return withAttestation(r, isoCBOR.encode(a));
    },
  },
  { name: 'transports that are not strings', mutate: (r) => ({ ...r, response: { ...r.response, transports: [1, 2] } }) },
  // Found by an outside black-box run: the CBOR decoder returned a byte string shorter than
  // its declared length, and the re-encoded length then matched what was sent.
  ...[1, 2, 3, 5, 8].map((cut) => ({
    name: `an attestationObject ${cut} byte${cut === 1 ? '' : 's'} short`,
    mutate: (r: Record<string, any>) => withAttestation(r, Buffer.from(r.response.attestationObject, 'base64url').subarray(0, -cut)),
  })),
];

const signInOnly: Mutation[] = [
  { name: 'a signature that is not base64url', mutate: (r) => ({ ...r, response: { ...r.response, signature: '!!' } }) },
  { name: 'an empty signature', mutate: (r) => ({ ...r, response: { ...r.response, signature: '' } }) },
  {
    name: 'a signature that is not DER',
    mutate: (r) => ({ ...r, response: { ...r.response, signature: b64(new Uint8Array(64).fill(1)) } }),
  },
  {
    name: 'authenticator data cut short',
    mutate: (r) => ({ ...r, response: { ...r.response, authenticatorData: b64(new Uint8Array(20)) } }),
  },
  {
    name: 'authenticator data with garbage extensions',
    mutate: (r) => {
      const d = Buffer.from(r.response.authenticatorData, 'base64url');
      d[32] = d[32]! | 0x80;
      return { ...r, response: { ...r.response, authenticatorData: b64(Buffer.concat([d, Buffer.from([0xff, 0x01])])) } };
    },
  },
  // Found by e2e/fuzz.spec.ts (seed 20261127, case 70): the verifier read the DER sequence
  // and ignored what followed it.
  {
    name: 'bytes after the DER signature',
    mutate: (r) => ({
      ...r,
      response: {
        ...r.response,
        signature: b64(Buffer.concat([Buffer.from(r.response.signature, 'base64url'), Buffer.from([0xdd, 0x5b, 0x4a])])),
      },
    }),
  },
  { name: 'a user handle that is not base64url', mutate: (r) => ({ ...r, response: { ...r.response, userHandle: '@@' } }) },
  { name: 'a user handle that is a number', mutate: (r) => ({ ...r, response: { ...r.response, userHandle: 7 } }) },
];

test.describe('POST /api/passkeys/register/verify', () => {
  for (const mutation of [...common, ...registrationOnly]) {
    test(`answers ${mutation.name} with a 4xx and stores nothing`, async ({ api, uniqueEmail, baseURL }) => {
      const email = uniqueEmail();
      await newPasswordAccount(api, email);
      const options = await creationOptions(api, 'upgrade');
      // Packed self-attestation, so every byte of the authenticator data is signed.
      const { response } = softwareAuthenticator(baseURL!).create(options, {
        flags: { up: false, uv: false, be: true, bs: true },
        attestation: 'packed',
      });
      const result = await api.post('/api/passkeys/register/verify', {
        data: mutation.mutate(structuredClone(response) as Record<string, any>) as any,
      });
      expect(result.status(), await result.text()).toBeGreaterThanOrEqual(400);
      expect(result.status()).toBeLessThan(500);
      expect((await result.json()).error.message.length).toBeGreaterThan(5);
      expect(await passkeysOf(email)).toEqual([]);
    });
  }
});

test.describe('POST /api/passkeys/sign-in/verify', () => {
  for (const mutation of [...common, ...signInOnly]) {
    test(`answers ${mutation.name} with a 4xx and signs nobody in`, async ({ api, newApi, uniqueEmail, baseURL }) => {
      const email = uniqueEmail();
      const authenticator = softwareAuthenticator(baseURL!);
      const credential = await accountWithPasskey(api, authenticator, email);
      const sessions = await sessionCountOf(email);
      const browser = await newApi();
      const assertion = authenticator.get(await requestOptions(browser), credential);
      const result = await browser.post('/api/passkeys/sign-in/verify', {
        data: mutation.mutate(structuredClone(assertion) as Record<string, any>) as any,
      });
      expect(result.status(), await result.text()).toBeGreaterThanOrEqual(400);
      expect(result.status()).toBeLessThan(500);
      expect(await sessionCountOf(email)).toBe(sessions);
      expect((await browser.get('/api/auth/session')).status()).toBe(401);
    });
  }
});

test.describe('POST /api/passkeys/upgrade/outcome', () => {
  test('records one outcome per password sign-in, and refuses anything else', async ({ api, newApi, uniqueEmail }) => {
    const anonymous = await newApi();
    expect((await anonymous.post('/api/passkeys/upgrade/outcome', { data: { outcome: 'declined' } })).status()).toBe(401);
    await newPasswordAccount(api, uniqueEmail());
    for (const bad of [{}, { outcome: 'created' }, { outcome: 'rejected' }, { outcome: 7 }, { outcome: 'declined', extra: 1 }]) {
      const response = await api.post('/api/passkeys/upgrade/outcome', { data: bad });
      expect(response.status()).toBe(400);
      expect(await errorCode(response)).toBe('invalid_request');
    }
    expect(await (await api.post('/api/passkeys/upgrade/outcome', { data: { outcome: 'declined' } })).json()).toEqual({ recorded: true });
    expect(await (await api.post('/api/passkeys/upgrade/outcome', { data: { outcome: 'unsupported' } })).json()).toEqual({
      recorded: false,
    });
  });
});
