import { describe, expect, it } from 'vitest';
import { randomToken } from '../platform/crypto';
import { CredentialExistsError, createPasskey, findPasskeyByCredentialId, recordPasskeyUse } from './passkey';
import { claimFirstPasskeySignIn, createUserWithPassword } from '../identity/user';
import { createSession, endSession } from '../identity/session';
import { db } from '../platform/db';

const client = { userAgent: 'vitest', ipAddress: '192.0.2.3' };

/** A session of a new account, on whose authority its passkeys are made. */
async function newSession() {
  const user = await createUserWithPassword({ email: `k-${crypto.randomUUID()}@example.com`, displayName: 'K', passwordHash: 'x' });
  return (await createSession(user.id, 'password', client, { stamp: 0 })).session;
}

const fields = {
  publicKey: new Uint8Array([1, 2, 3]),
  transports: ['internal', 'hybrid'],
  aaguid: '00000000-0000-0000-0000-000000000000',
  backupEligible: false,
  backupState: false,
  deviceType: 'singleDevice',
  uvInitialized: true,
  createdVia: 'manual',
  name: 'Passkey',
} as const;

async function newPasskey(counter = 10) {
  return createPasskey({ ...fields, transports: [...fields.transports], credentialId: randomToken(), counter }, await newSession());
}

describe('passkeys', () => {
  it('are stored only while the session that registers them is live', async () => {
    const session = await newSession();
    await endSession(session);
    await expect(createPasskey({ ...fields, transports: [], credentialId: randomToken(), counter: 0 }, session)).rejects.toMatchObject({
      code: 'not_signed_in',
    });
    expect(await db.passkey.count({ where: { userId: session.userId } })).toBe(0);
  });

  it('store the counter with a compare-and-swap: of two uses from the same count, one wins', async () => {
    const passkey = await newPasskey(10);
    const at = new Date();
    const results = await Promise.all([
      recordPasskeyUse(passkey, { counter: 11, backupState: false, at }),
      recordPasskeyUse(passkey, { counter: 12, backupState: false, at }),
    ]);
    expect(results.sort()).toEqual([false, true]);
    const stored = await findPasskeyByCredentialId(passkey.credentialId);
    expect([11, 12]).toContain(stored?.counter);
    expect(stored?.lastUsedAt?.toISOString()).toBe(at.toISOString());
  });

  it('keep counters past 2^31 (uint32 in authenticator data)', async () => {
    const passkey = await newPasskey(2 ** 32 - 2);
    expect(await recordPasskeyUse(passkey, { counter: 2 ** 32 - 1, backupState: true, at: new Date() })).toBe(true);
    expect((await findPasskeyByCredentialId(passkey.credentialId))?.counter).toBe(2 ** 32 - 1);
  });

  it('refuse a second row for a credential id, leaving the first as it was', async () => {
    const first = await newPasskey();
    await expect(createPasskey({ ...first, publicKey: new Uint8Array([9, 9, 9]) }, await newSession())).rejects.toBeInstanceOf(
      CredentialExistsError,
    );
    const stored = await findPasskeyByCredentialId(first.credentialId);
    expect(stored?.userId).toBe(first.userId);
    expect([...(stored?.publicKey ?? [])]).toEqual([1, 2, 3]);
    expect(stored?.transports).toEqual(['internal', 'hybrid']);
  });

  it('say whether the account has signed in with a passkey before, once the first sign-in is claimed', async () => {
    const passkey = await newPasskey();
    expect((await findPasskeyByCredentialId(passkey.credentialId))?.ownerSignedInWithPasskey).toBe(false);
    const claims = await Promise.all([
      claimFirstPasskeySignIn(passkey.userId, new Date()),
      claimFirstPasskeySignIn(passkey.userId, new Date()),
    ]);
    expect(claims.sort()).toEqual([false, true]);
    const stored = await findPasskeyByCredentialId(passkey.credentialId);
    expect(stored?.ownerSignedInWithPasskey).toBe(true);
    expect(stored?.owner).not.toHaveProperty('firstPasskeySignInAt');
  });
});
