import { describe, expect, it } from 'vitest';
import { config } from '../platform/config';
import { db } from '../platform/db';
import { createSession, endOtherSessions, endSession, sessionIdFromToken, validateSessionToken } from './session';
import { createUserWithPassword } from './user';

const client = { userAgent: 'vitest', ipAddress: '192.0.2.1' };

async function newUser() {
  return createUserWithPassword({
    email: `s-${crypto.randomUUID()}@example.com`,
    displayName: 'Session Tester',
    passwordHash: 'unused',
  });
}

describe('sessions', () => {
  it('hands out a 256-bit token and stores only its SHA-256', async () => {
    const user = await newUser();
    const { token, session } = await createSession(user.id, 'password', client, { stamp: 0 });
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(session.id).toBe(sessionIdFromToken(token));
    expect(session.id).not.toContain(token);
    const stored = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('records how and when the person authenticated', async () => {
    const user = await newUser();
    const now = new Date('2026-01-01T10:00:00Z');
    const { token } = await createSession(user.id, 'password', client, { stamp: 0, now });
    const current = await validateSessionToken(token, new Date('2026-01-01T10:00:30Z'));
    expect(current?.user.id).toBe(user.id);
    expect(current?.session.authMethod).toBe('password');
    expect(current?.session.authenticatedAt.toISOString()).toBe(now.toISOString());
  });

  it('rejects unknown, malformed and altered tokens', async () => {
    const user = await newUser();
    const { token } = await createSession(user.id, 'password', client, { stamp: 0 });
    const altered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(await validateSessionToken(altered)).toBeNull();
    expect(await validateSessionToken('')).toBeNull();
    expect(await validateSessionToken('x'.repeat(5000))).toBeNull();
    expect(await validateSessionToken(token)).not.toBeNull();
  });

  it('ends a session after the idle timeout, and deletes it', async () => {
    const user = await newUser();
    const start = new Date('2026-02-01T00:00:00Z');
    const { token, session } = await createSession(user.id, 'password', client, { stamp: 0, now: start });
    const idleMs = config().session.idleTimeoutSeconds * 1000;
    expect(await validateSessionToken(token, new Date(start.getTime() + idleMs - 1000))).not.toBeNull();
    // That visit moved lastSeenAt forward, so the idle clock restarted from it.
    const later = new Date(start.getTime() + idleMs - 1000 + idleMs);
    expect(await validateSessionToken(token, later)).toBeNull();
    expect(await db.session.findUnique({ where: { id: session.id } })).toBeNull();
  });

  it('ends a session at its absolute expiry even when it is used all the time', async () => {
    const user = await newUser();
    const start = new Date('2026-03-01T00:00:00Z');
    const { token } = await createSession(user.id, 'password', client, { stamp: 0, now: start });
    const absoluteMs = config().session.absoluteTimeoutSeconds * 1000;
    const step = config().session.idleTimeoutSeconds * 1000 - 60_000;
    for (let t = start.getTime() + step; t < start.getTime() + absoluteMs; t += step) {
      expect(await validateSessionToken(token, new Date(t))).not.toBeNull();
    }
    expect(await validateSessionToken(token, new Date(start.getTime() + absoluteMs))).toBeNull();
  });

  it('signing out deletes the session; ending the others keeps the current one', async () => {
    const user = await newUser();
    const a = await createSession(user.id, 'password', client, { stamp: 0 });
    const b = await createSession(user.id, 'passkey', client, { stamp: 0 });
    const c = await createSession(user.id, 'password', client, { stamp: 0 });
    await endSession(a.session);
    expect(await validateSessionToken(a.token)).toBeNull();
    expect(await validateSessionToken(c.token)).not.toBeNull();
    expect(await endOtherSessions(b.session)).toBe(1);
    expect(await validateSessionToken(b.token)).not.toBeNull();
    expect(await validateSessionToken(c.token)).toBeNull();
  });

  it('a sign-in that read the stamp before a revocation makes no session after it', async () => {
    const user = await newUser();
    const owner = await createSession(user.id, 'password', client, { stamp: 0 });
    // The owner ends every other session while another sign-in is between its check and its
    // insert (it read stamp 0).
    await endOtherSessions(owner.session);
    await expect(createSession(user.id, 'password', client, { stamp: 0 })).rejects.toMatchObject({ code: 'account_changed' });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await validateSessionToken(owner.token)).not.toBeNull();
  });

  it('a session left with an older stamp than the account’s is over', async () => {
    const user = await newUser();
    const { token, session } = await createSession(user.id, 'password', client, { stamp: 0 });
    await db.user.update({ where: { id: user.id }, data: { securityStamp: 1 } });
    expect(await validateSessionToken(token)).toBeNull();
    expect(await db.session.findUnique({ where: { id: session.id } })).toBeNull();
  });

  it('every sign-in gets a new session', async () => {
    const user = await newUser();
    const first = await createSession(user.id, 'password', client, { stamp: 0 });
    const second = await createSession(user.id, 'password', client, { stamp: 0 });
    expect(first.token).not.toBe(second.token);
    expect(first.session.id).not.toBe(second.session.id);
  });
});
