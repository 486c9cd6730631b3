import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../platform/crypto';
import { db } from '../platform/db';
import { createPasskey } from '../webauthn/passkey';
import { checkEmailLink, issueEmailLink, useEmailLink } from './email-link';
import { createSession } from './session';
import { createUserWithPassword } from './user';

const client = { userAgent: 'vitest', ipAddress: '192.0.2.9' };
const NOBODY = { sessionId: null, password: false, passkeyIds: [] };

async function newUser() {
  return createUserWithPassword({ email: `l-${crypto.randomUUID()}@example.com`, displayName: 'Link', passwordHash: 'old-hash' });
}

/** A passkey registered by `session`, or by a session that has since ended. */
async function addPasskey(userId: string, session?: { id: string; userId: string }) {
  const by = session ?? (await createSession(userId, 'password', client, { stamp: await stampOf(userId) })).session;
  const passkey = await createPasskey(
    {
      credentialId: crypto.randomUUID(),
      publicKey: new Uint8Array([1]),
      counter: 0,
      transports: [],
      aaguid: '00000000-0000-0000-0000-000000000000',
      backupEligible: false,
      backupState: false,
      deviceType: 'singleDevice',
      uvInitialized: true,
      createdVia: 'manual',
      name: 'Key',
    },
    by,
  );
  if (!session) await db.session.delete({ where: { id: by.id } });
  return passkey;
}

async function stampOf(userId: string) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId } })).securityStamp;
}

describe('email links', () => {
  it('store only the SHA-256 of a 256-bit token, with its purpose and address', async () => {
    const user = await newUser();
    const token = await issueEmailLink(user.id, user.email, 'recovery');
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const row = await db.emailToken.findUniqueOrThrow({ where: { id: sha256Hex(token) } });
    expect(row).toMatchObject({ purpose: 'recovery', userId: user.id, email: user.email, usedAt: null });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 60 * 1000);
  });

  it('work once: of ten uses at once exactly one succeeds, and the rest are told it was used', async () => {
    const user = await newUser();
    const token = await issueEmailLink(user.id, user.email, 'recovery');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => useEmailLink(token, 'recovery', { keeps: NOBODY, endSessions: true })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.problem)).toEqual(Array(9).fill('link_used'));
  });

  it('are bound to their purpose, expire, and are voided by a newer one of the same purpose', async () => {
    const user = await newUser();
    const verify = await issueEmailLink(user.id, user.email, 'verify_email');
    const older = await issueEmailLink(user.id, user.email, 'recovery');
    const newer = await issueEmailLink(user.id, user.email, 'recovery');
    expect(await checkEmailLink(verify, 'recovery')).toEqual({ ok: false, problem: 'wrong_link' });
    expect(await useEmailLink(verify, 'recovery', { keeps: NOBODY })).toEqual({ ok: false, problem: 'wrong_link' });
    expect(await checkEmailLink(older, 'recovery')).toEqual({ ok: false, problem: 'invalid_link' });
    // The verification link is another purpose: a new recovery link leaves it alone.
    expect((await checkEmailLink(verify, 'verify_email')).ok).toBe(true);
    const later = new Date(Date.now() + 31 * 60 * 1000);
    expect(await checkEmailLink(newer, 'recovery', later)).toEqual({ ok: false, problem: 'link_expired' });
    expect(await useEmailLink(newer, 'recovery', { keeps: NOBODY, now: later })).toEqual({ ok: false, problem: 'link_expired' });
    expect(await checkEmailLink('x'.repeat(43), 'recovery')).toEqual({ ok: false, problem: 'invalid_link' });
  });

  it('on the first proof of the address, remove what the prover did not add; later proofs remove nothing', async () => {
    const user = await newUser();
    const prover = await createSession(user.id, 'password', client, { stamp: 0 });
    const other = await createSession(user.id, 'password', client, { stamp: 0 });
    const proversKey = await addPasskey(user.id, prover.session);
    const othersKey = await addPasskey(user.id, other.session);
    const token = await issueEmailLink(user.id, user.email, 'verify_email');
    const keeps = { sessionId: prover.session.id, password: true, passkeyIds: [] };
    const result = await useEmailLink(token, 'verify_email', { keeps });
    expect(result.ok && result.use.firstProof).toBe(true);
    expect(result.ok && result.use.removed).toEqual({ password: false, passkeys: [{ id: othersKey.id, name: 'Key' }], sessions: 1 });
    expect((await db.passkey.findMany({ where: { userId: user.id } })).map((p) => p.id)).toEqual([proversKey.id]);
    expect((await db.session.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual([prover.session.id]);
    expect(await db.password.count({ where: { userId: user.id } })).toBe(1);

    // Verified now: a recovery link changes the password and ends sessions, and keeps passkeys.
    const recovery = await issueEmailLink(user.id, user.email, 'recovery');
    const second = await useEmailLink(recovery, 'recovery', { keeps: NOBODY, newPasswordHash: 'new-hash', endSessions: true });
    expect(second.ok && second.use).toMatchObject({ firstProof: false, passwordWas: 'changed', endedSessions: 1 });
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(1);
    expect((await db.password.findUniqueOrThrow({ where: { userId: user.id } })).hash).toBe('new-hash');
  });

  it('proved by someone with no session of the account, leave it with nothing added before', async () => {
    const user = await newUser();
    await createSession(user.id, 'password', client, { stamp: 0 });
    await addPasskey(user.id);
    const token = await issueEmailLink(user.id, user.email, 'verify_email');
    const result = await useEmailLink(token, 'verify_email', { keeps: NOBODY });
    expect(result.ok && result.use.removed).toMatchObject({ password: true, sessions: 1 });
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.password.count({ where: { userId: user.id } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
  });
});
