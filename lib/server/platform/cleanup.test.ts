import { describe, expect, it } from 'vitest';
import { saveChallenge } from '../webauthn/challenge';
import { deleteExpired } from './cleanup';
import { randomToken } from './crypto';
import { db } from './db';
import { hitLimit } from '../identity/rate-limit';
import { createSession } from '../identity/session';
import { createUserWithPassword } from '../identity/user';

describe('cleaning up expired rows', () => {
  it('deletes expired challenges, sessions and rate-limit windows, and keeps live ones', async () => {
    const user = await createUserWithPassword({ email: `c-${crypto.randomUUID()}@example.com`, displayName: 'C', passwordHash: 'x' });
    const client = { userAgent: null, ipAddress: null };
    const old = await createSession(user.id, 'password', client, { stamp: 0, now: new Date('2020-01-01T00:00:00Z') });
    const live = await createSession(user.id, 'password', client, { stamp: 0 });
    const oldChallenge = randomToken();
    const liveChallenge = randomToken();
    await saveChallenge({ challenge: oldChallenge, purpose: 'authentication', binding: { ceremonyToken: 'x' } });
    await db.challenge.update({ where: { challenge: oldChallenge }, data: { expiresAt: new Date('2020-01-01T00:00:00Z') } });
    await saveChallenge({ challenge: liveChallenge, purpose: 'authentication', binding: { ceremonyToken: 'x' } });
    const oldKey = `test:${crypto.randomUUID()}`;
    const liveKey = `test:${crypto.randomUUID()}`;
    await hitLimit(oldKey, 60, new Date('2020-01-01T00:00:00Z'));
    await hitLimit(liveKey, 60);

    const deleted = await deleteExpired();
    expect(deleted.challenges).toBeGreaterThanOrEqual(1);
    expect(deleted.sessions).toBeGreaterThanOrEqual(1);
    expect(deleted.rateLimits).toBeGreaterThanOrEqual(1);
    expect(await db.session.findUnique({ where: { id: old.session.id } })).toBeNull();
    expect(await db.session.findUnique({ where: { id: live.session.id } })).not.toBeNull();
    expect(await db.challenge.findUnique({ where: { challenge: oldChallenge } })).toBeNull();
    expect(await db.challenge.findUnique({ where: { challenge: liveChallenge } })).not.toBeNull();
    expect(await db.rateLimit.findUnique({ where: { key: oldKey } })).toBeNull();
    expect(await db.rateLimit.findUnique({ where: { key: liveKey } })).not.toBeNull();
  });
});

describe('retention of security events', () => {
  it('deletes an account’s events after a year and events of no account after 30 days', async () => {
    const user = await createUserWithPassword({ email: `r-${crypto.randomUUID()}@example.com`, displayName: 'R', passwordHash: 'x' });
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 24 * 3600 * 1000);
    const make = (userId: string | null, daysAgo: number) =>
      db.securityEvent.create({ data: { type: 'sign_in.failed', userId, createdAt: at(daysAgo) } });
    const [oldAccount, keptAccount, oldAnonymous, keptAnonymous] = await Promise.all([
      make(user.id, 366),
      make(user.id, 300),
      make(null, 31),
      make(null, 29),
    ]);
    await deleteExpired();
    const left = await db.securityEvent.findMany({
      where: { id: { in: [oldAccount.id, keptAccount.id, oldAnonymous.id, keptAnonymous.id] } },
    });
    expect(left.map((e) => e.id).sort()).toEqual([keptAccount.id, keptAnonymous.id].sort());
  });
});
