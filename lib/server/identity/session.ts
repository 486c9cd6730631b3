import 'server-only';
import type { UpgradeOutcome } from '@/lib/shared/upgrade-outcomes';
import { config } from '../platform/config';
import { randomToken, sha256Hex } from '../platform/crypto';
import { db } from '../platform/db';

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
  authMethod: AuthMethod;
  authenticatedAt: Date;
  /** For authMethod "passkey": which passkey (Passkey.id). */
  passkeyId: string | null;
  upgradeOfferedAt: Date | null;
  signInName: string | null;
  userAgent: string | null;
  ipAddress: string | null;
};

export type SessionUser = { id: string; email: string; displayName: string; webauthnUserId: string; emailVerifiedAt: Date | null };
export type CurrentSession = { session: SessionRecord; user: SessionUser };

// lastSeenAt is rewritten at most this often, so reading a page is not a write each time.
const TOUCH_INTERVAL_MS = 60_000;

export function sessionIdFromToken(token: string): string {
  return sha256Hex(token);
}

export async function createSession(
  userId: string,
  authMethod: AuthMethod,
  client: { userAgent: string | null; ipAddress: string | null },
  options: { signInName?: string; passkeyId?: string; now?: Date } = {},
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
    upgradeOfferedAt: null,
    signInName: options.signInName ?? null,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
    ipAddress: client.ipAddress,
  };
  // Every sign-in makes one: plain SQL (the same on SQLite and PostgreSQL), because through
  // Prisma's query interpreter an insert cost twice the CPU (docs/decisions/008).
  await db.$executeRaw`
    INSERT INTO "Session" ("id", "userId", "createdAt", "expiresAt", "lastSeenAt", "authMethod", "authenticatedAt",
                           "passkeyId", "signInName", "userAgent", "ipAddress")
    VALUES (${session.id}, ${userId}, ${now}, ${session.expiresAt}, ${now}, ${authMethod}, ${now},
            ${session.passkeyId}, ${session.signInName}, ${session.userAgent}, ${session.ipAddress})`;
  return { token, session };
}

/** The live session for a cookie token, or null (expired sessions are deleted on sight). */
export async function validateSessionToken(token: string, now = new Date()): Promise<CurrentSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const row = await db.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, displayName: true, webauthnUserId: true, emailVerifiedAt: true } } },
  });
  if (!row) return null;
  const idleDeadline = row.lastSeenAt.getTime() + config().session.idleTimeoutSeconds * 1000;
  if (now >= row.expiresAt || now.getTime() >= idleDeadline) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  const { user, ...session } = row;
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
    session.lastSeenAt = now;
  }
  return { session: session as SessionRecord, user };
}

export async function deleteSession(id: string): Promise<void> {
  await db.session.deleteMany({ where: { id } });
}

/** Ends every session of the account except `keepId` (after a factor changes). */
export async function deleteOtherSessions(userId: string, keepId: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId, id: { not: keepId } } });
  return count;
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

/** Ends one of the account's sessions by its public id; false if it has none such. */
export async function deleteSessionByPublicId(userId: string, publicId: string): Promise<boolean> {
  const sessions = await db.session.findMany({ where: { userId }, select: { id: true } });
  const match = sessions.find((s) => publicSessionId(s.id) === publicId);
  if (!match) return false;
  const { count } = await db.session.deleteMany({ where: { id: match.id, userId } });
  return count === 1;
}

/** Records that the person proved who they are again, now (re-authentication). */
export async function markReauthenticated(
  sessionId: string,
  method: { password: true } | { passkeyId: string },
  now = new Date(),
): Promise<void> {
  const data = 'passkeyId' in method ? { authMethod: 'passkey', passkeyId: method.passkeyId } : { authMethod: 'password', passkeyId: null };
  await db.session.updateMany({ where: { id: sessionId }, data: { ...data, authenticatedAt: now } });
}
