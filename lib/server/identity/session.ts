import 'server-only';
import type { UpgradeOutcome } from '@/lib/shared/upgrade-outcomes';
import { config } from '../platform/config';
import { randomToken, sha256Hex } from '../platform/crypto';
import { db, forShare, type Tx } from '../platform/db';
import { accountChanged, asSession, revoke } from './security-stamp';

// Database sessions (OWASP ASVS 5.0 V7): the cookie holds 32 random bytes; the database holds
// only their SHA-256, so a leaked database cannot be replayed as cookies. Every sign-in makes
// a new session. A session ends at the first of: its absolute expiry, its idle timeout,
// sign-out.

// "email": a verification or recovery link, which proves the address and nothing else.
export type AuthMethod = 'password' | 'passkey' | 'email';

export type SessionRecord = {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  /** How the session signed in; a later confirmation does not change it. */
  authMethod: AuthMethod;
  /** When the person last proved who they are: the sign-in or a later confirmation. */
  authenticatedAt: Date;
  /** For authMethod "passkey": which passkey (Passkey.id). */
  passkeyId: string | null;
  /** The method of the last confirmation ("Confirm it's you"), if there was one. */
  confirmedWith: 'password' | 'passkey' | null;
  confirmedPasskeyId: string | null;
  /** The account's security stamp this session lives under (lib/server/identity/security-stamp.ts). */
  securityStamp: number;
  upgradeOfferedAt: Date | null;
  signInName: string | null;
  userAgent: string | null;
  ipAddress: string | null;
};

type SessionRow = Omit<SessionRecord, 'securityStamp'> & {
  securityStamp: number | bigint;
  email: string;
  displayName: string;
  webauthnUserId: string;
  emailVerifiedAt: Date | null;
  accountStamp: number | bigint;
};

export type SessionUser = { id: string; email: string; displayName: string; webauthnUserId: string; emailVerifiedAt: Date | null };
export type CurrentSession = { session: SessionRecord; user: SessionUser };

// lastSeenAt is rewritten at most this often, so reading a page is not a write each time.
const TOUCH_INTERVAL_MS = 60_000;

export function sessionIdFromToken(token: string): string {
  return sha256Hex(token);
}

/**
 * Makes the session of a sign-in. `stamp` is the account's security stamp as read with the
 * password or passkey the sign-in checked: if a revocation has moved it on since, nothing is
 * written and the sign-in is refused (409 account_changed).
 */
export async function createSession(
  userId: string,
  authMethod: AuthMethod,
  client: { userAgent: string | null; ipAddress: string | null },
  options: { stamp: number; signInName?: string; passkeyId?: string; now?: Date },
): Promise<{ token: string; session: SessionRecord }> {
  const now = options.now ?? new Date();
  const token = randomToken(32);
  const session: SessionRecord = {
    id: sessionIdFromToken(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + config().session.absoluteTimeoutSeconds * 1000),
    lastSeenAt: now,
    authMethod,
    authenticatedAt: now,
    passkeyId: options.passkeyId ?? null,
    confirmedWith: null,
    confirmedPasskeyId: null,
    securityStamp: options.stamp,
    upgradeOfferedAt: null,
    signInName: options.signInName ?? null,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
    ipAddress: client.ipAddress,
  };
  // Every sign-in makes one: plain SQL (the same on SQLite and PostgreSQL), because through
  // Prisma's query interpreter an insert cost twice the CPU (docs/decisions/008). One
  // statement inserts the row only while the account's stamp is the one the sign-in read;
  // on PostgreSQL FOR SHARE makes it wait for a revocation in progress and then see it.
  const inserted = await db.$executeRaw`
    INSERT INTO "Session" ("id", "userId", "createdAt", "expiresAt", "lastSeenAt", "authMethod", "authenticatedAt",
                           "passkeyId", "signInName", "userAgent", "ipAddress", "securityStamp")
    SELECT ${session.id}, ${userId}, ${now}, ${session.expiresAt}, ${now}, ${authMethod}, ${now},
           ${session.passkeyId}, ${session.signInName}, ${session.userAgent}, ${session.ipAddress}, ${options.stamp}
    FROM "User" WHERE "id" = ${userId} AND "securityStamp" = ${options.stamp} ${forShare()}`;
  if (inserted !== 1) throw accountChanged();
  return { token, session };
}

/** The live session for a cookie token, or null (expired sessions are deleted on sight). */
export async function validateSessionToken(token: string, now = new Date()): Promise<CurrentSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  // One statement, so the session's stamp and the account's are read at the same moment: read
  // one after the other, a revocation committing in between would make a kept session look
  // stale. (It is also the cheapest way: every request with a cookie runs it.)
  const [row] = await db.$queryRaw<SessionRow[]>`
    SELECT s."id", s."userId", s."createdAt", s."expiresAt", s."lastSeenAt", s."authMethod", s."authenticatedAt",
           s."passkeyId", s."confirmedWith", s."confirmedPasskeyId", s."securityStamp", s."upgradeOfferedAt",
           s."signInName", s."userAgent", s."ipAddress",
           u."email", u."displayName", u."webauthnUserId", u."emailVerifiedAt", u."securityStamp" AS "accountStamp"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${id}`;
  if (!row) return null;
  const { email, displayName, webauthnUserId, emailVerifiedAt, accountStamp, ...rest } = row;
  const session: SessionRecord = {
    ...rest,
    authMethod: rest.authMethod as AuthMethod,
    confirmedWith: rest.confirmedWith as SessionRecord['confirmedWith'],
    securityStamp: Number(rest.securityStamp),
  };
  const user: SessionUser = { id: row.userId, email, displayName, webauthnUserId, emailVerifiedAt };
  const idleDeadline = session.lastSeenAt.getTime() + config().session.idleTimeoutSeconds * 1000;
  // A session made under an older stamp than the account's was ended by a revocation.
  if (now >= session.expiresAt || now.getTime() >= idleDeadline || session.securityStamp !== Number(accountStamp)) {
    await db.session.deleteMany({ where: { id, securityStamp: session.securityStamp } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
    session.lastSeenAt = now;
  }
  return { session, user };
}

/** Signs out: ends this session; the account's other sessions stay. */
export async function endSession(session: { id: string; userId: string }): Promise<void> {
  await db.$transaction((tx) => revoke(tx, session.userId, { allBut: session.id }));
}

/** Ends every session of the account except `current` (after a factor changes). */
export async function endOtherSessions(current: { id: string; userId: string }): Promise<number> {
  return asSession(current, async (tx) => (await revoke(tx, current.userId, { only: current.id })).endedSessions);
}

/**
 * Marks this session's automatic passkey upgrade as offered. True only the first time, so
 * one password sign-in gets at most one upgrade challenge, even from concurrent requests.
 */
export async function claimUpgradeOffer(sessionId: string, now = new Date()): Promise<boolean> {
  const { count } = await db.session.updateMany({
    where: { id: sessionId, upgradeOfferedAt: null },
    data: { upgradeOfferedAt: now },
  });
  return count === 1;
}

/** Records the outcome of this session's upgrade; true only for the first outcome. */
export async function setUpgradeOutcome(sessionId: string, outcome: UpgradeOutcome): Promise<boolean> {
  const { count } = await db.session.updateMany({
    where: { id: sessionId, upgradeOutcome: null },
    data: { upgradeOutcome: outcome },
  });
  return count === 1;
}

/**
 * The id the API shows for a session: derived from the row id, so the database key (itself
 * a hash of the cookie) never leaves the server.
 */
export function publicSessionId(sessionId: string): string {
  return sha256Hex(`public:${sessionId}`).slice(0, 24);
}

export async function listSessions(userId: string, now = new Date()): Promise<SessionRecord[]> {
  const idleMs = config().session.idleTimeoutSeconds * 1000;
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - idleMs) } },
    orderBy: { lastSeenAt: 'desc' },
  });
  return rows as SessionRecord[];
}

/** Ends one of the account's other sessions by its public id; false if it has none such. */
export async function endSessionByPublicId(current: { id: string; userId: string }, publicId: string): Promise<boolean> {
  const sessions = await db.session.findMany({ where: { userId: current.userId }, select: { id: true } });
  const match = sessions.find((s) => publicSessionId(s.id) === publicId);
  if (!match) return false;
  return asSession(current, async (tx) => {
    const exists = await tx.session.count({ where: { id: match.id, userId: current.userId } });
    if (exists === 0) return false;
    await revoke(tx, current.userId, { allBut: match.id });
    return true;
  });
}

/**
 * Records that the person proved who they are again, now ("Confirm it's you"), and gives the
 * session a new token (OWASP ASVS 5.0 V7.2.4: a new token on every authentication). The row
 * keeps its history (how it signed in, when, from where, what it created): only its id, the
 * hash of the token, changes, in one transaction that first checks the session is still live.
 * The old token stops working at once.
 */
export async function rotateAfterConfirmation(
  session: { id: string; userId: string },
  method: { password: true } | { passkeyId: string },
  now = new Date(),
): Promise<{ token: string; id: string }> {
  const token = randomToken(32);
  const id = sessionIdFromToken(token);
  const confirmed =
    'passkeyId' in method
      ? { confirmedWith: 'passkey', confirmedPasskeyId: method.passkeyId }
      : { confirmedWith: 'password', confirmedPasskeyId: null };
  await asSession(session, async (tx: Tx) => {
    await tx.session.update({ where: { id: session.id }, data: { id, authenticatedAt: now, ...confirmed } });
    // What the first proof of the address keeps is found by the session that created it.
    await tx.passkey.updateMany({ where: { userId: session.userId, createdInSession: session.id }, data: { createdInSession: id } });
  });
  return { token, id };
}
