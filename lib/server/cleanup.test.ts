import { describe, expect, it } from 'vitest';
import { saveChallenge } from './challenge';
import { deleteExpired } from './cleanup';
import { randomToken } from './crypto';
import { db } from './db';
import { hitLimit } from './rate-limit';
import { createSession } from './session';
import { createUserWithPassword } from './user';

describe('cleaning up expired rows', () => {
  it('deletes expired challenges, sessions and rate-limit windows, and keeps live ones', async () => {
    const user = await createUserWithPassword({ email: `c-${crypto.randomUUID()}@example.com`, displayName: 'C', passwordHash: 'x' });
    const client = { userAgent: null, ipAddress: null };
    const old = await createSession(user.id, 'password', client, { now: new Date('2020-01-01T00:00:00Z') });
    const live = await createSession(user.id, 'password', client);
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
