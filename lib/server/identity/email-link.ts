import 'server-only';
import { randomToken, sha256Hex } from '../platform/crypto';
import { db } from '../platform/db';
import { revoke, type KeepSessions } from './security-stamp';

// Single-use links sent by email, and what using one does to the account.
//
// A token is 32 random bytes (256 bits) in the link; the database keeps only its SHA-256,
// with its purpose, the address it was sent to and an expiry. It is good for one purpose
// only, once, before it expires, and only while it is the account's newest of its purpose.
// Checking a link (to show its page) writes nothing; using it is one conditional UPDATE
// inside the transaction that makes its change, so two uses at once cannot both succeed and
// a refused use changes nothing.

export type EmailLinkPurpose = 'verify_email' | 'recovery';

export const EMAIL_LINK_TTL_SECONDS: Record<EmailLinkPurpose, number> = {
  // Long enough to find the message in the morning; short enough that an old inbox is not a key.
  verify_email: 48 * 3600,
  // A recovery link can take over the account: OWASP's forgot-password guidance asks for short.
  recovery: 30 * 60,
};

export type LinkProblem = 'invalid_link' | 'link_expired' | 'link_used' | 'wrong_link';

export type LinkCheck = { ok: true; userId: string; email: string; expiresAt: Date } | { ok: false; problem: LinkProblem };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Makes a new link token for the account and voids its older ones of the same purpose. The
 * account row is locked first (an update of its own timestamp), so two requests at once
 * cannot both leave a live token behind.
 */
export async function issueEmailLink(userId: string, email: string, purpose: EmailLinkPurpose, now = new Date()): Promise<string> {
  const token = randomToken(32);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { updatedAt: now } });
    // Used ones stay until they expire, so a second use is told "already used".
    await tx.emailToken.deleteMany({ where: { userId, purpose, usedAt: null } });
    await tx.emailToken.create({
      data: {
        id: sha256Hex(token),
        purpose,
        userId,
        email,
        createdAt: now,
        expiresAt: new Date(now.getTime() + EMAIL_LINK_TTL_SECONDS[purpose] * 1000),
      },
    });
  });
  return token;
}

/** What a link's page shows: whether it can be used, and if not why. Writes nothing. */
export async function checkEmailLink(token: string, purpose: EmailLinkPurpose, now = new Date()): Promise<LinkCheck> {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, problem: 'invalid_link' };
  const row = await db.emailToken.findUnique({
    where: { id: sha256Hex(token) },
    select: { purpose: true, userId: true, email: true, expiresAt: true, usedAt: true, user: { select: { email: true } } },
  });
  // A link for another address than the account's (it cannot change today, but a fork may
  // add that) proves nothing about the account.
  if (!row || row.user.email !== row.email) return { ok: false, problem: 'invalid_link' };
  if (row.purpose !== purpose) return { ok: false, problem: 'wrong_link' };
  if (row.usedAt) return { ok: false, problem: 'link_used' };
  if (row.expiresAt <= now) return { ok: false, problem: 'link_expired' };
  return { ok: true, userId: row.userId, email: row.email, expiresAt: row.expiresAt };
}

/** What an account keeps when its address is proved for the first time (docs/decisions/013). */
export type ProverKeeps = {
  /** The session doing the proving, if it is this account's: it stays, with what it created. */
  sessionId: string | null;
  /** Whether the prover showed the password (their session signed in or confirmed with it). */
  password: boolean;
  /** The passkeys the prover's session signed in or confirmed with. */
  passkeyIds: string[];
};

export type LinkUse = {
  userId: string;
  email: string;
  /** True when this use verified the address for the first time. */
  firstProof: boolean;
  /** What the first proof removed: added before it, and not by the prover. */
  removed: { password: boolean; passkeys: { id: string; name: string }[]; sessions: number };
  /** Sessions ended because the link was a recovery (beyond those `removed` counts). */
  endedSessions: number;
  passwordWas: 'set' | 'changed' | null;
  /** The account's security stamp after the use: a session made for the prover needs it. */
  stamp: number;
};

/**
 * Uses a link: marks it used, and in the same transaction verifies the address, removes what
 * the first proof removes, sets `newPasswordHash` if given, and ends the account's sessions
 * if `endSessions` (a recovery). Refused (nothing written) unless the link is usable now.
 */
export async function useEmailLink(
  token: string,
  purpose: EmailLinkPurpose,
  options: { keeps: ProverKeeps; newPasswordHash?: string; endSessions?: boolean; now?: Date },
): Promise<{ ok: true; use: LinkUse } | { ok: false; problem: LinkProblem }> {
  const now = options.now ?? new Date();
  if (!TOKEN_SHAPE.test(token)) return { ok: false, problem: 'invalid_link' };
  const id = sha256Hex(token);
  try {
    const use = await db.$transaction(async (tx) => {
      const [claimed] = await tx.emailToken.updateManyAndReturn({
        where: { id, purpose, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
        select: { userId: true, email: true },
      });
      if (!claimed) throw new LinkRefused();
      const user = await tx.user.findUnique({ where: { id: claimed.userId }, select: { email: true, securityStamp: true } });
      if (!user || user.email !== claimed.email) throw new LinkRefused();
      const { userId } = claimed;
      const { keeps } = options;

      const { count: firstProof } = await tx.user.updateMany({
        where: { id: userId, emailVerifiedAt: null },
        data: { emailVerifiedAt: now },
      });
      const removed: LinkUse['removed'] = { password: false, passkeys: [], sessions: 0 };
      // A recovery ends every session; a first proof every session but the prover's. Either is
      // a revocation (lib/server/identity/security-stamp.ts), made before anything is removed.
      const keep: KeepSessions | null = options.endSessions ? { only: null } : firstProof === 1 ? { only: keeps.sessionId } : null;
      const revoked = keep ? await revoke(tx, userId, keep) : null;
      if (firstProof === 1) {
        // Everything here was added before the address was proved. The prover keeps their own
        // session, what it created and the method it showed; the rest may be someone else's.
        const keptPasskeys = {
          OR: [...keeps.passkeyIds.map((id) => ({ id })), ...(keeps.sessionId ? [{ createdInSession: keeps.sessionId }] : [])],
        };
        const doomed = await tx.passkey.findMany({
          where: { userId, ...(keptPasskeys.OR.length > 0 && { NOT: keptPasskeys }) },
          select: { id: true, name: true },
        });
        await tx.passkey.deleteMany({ where: { id: { in: doomed.map((p) => p.id) } } });
        removed.passkeys = doomed;
        if (!keeps.password) removed.password = (await tx.password.deleteMany({ where: { userId } })).count > 0;
        removed.sessions = revoked?.endedSessions ?? 0;
      }
      let passwordWas: LinkUse['passwordWas'] = null;
      if (options.newPasswordHash) {
        const existing = await tx.password.count({ where: { userId } });
        await tx.password.upsert({
          where: { userId },
          create: { userId, hash: options.newPasswordHash },
          update: { hash: options.newPasswordHash },
        });
        passwordWas = existing > 0 ? 'changed' : 'set';
      }
      const endedSessions = firstProof === 1 ? 0 : (revoked?.endedSessions ?? 0);
      const stamp = revoked?.stamp ?? user.securityStamp;
      return { userId, email: claimed.email, firstProof: firstProof === 1, removed, endedSessions, passwordWas, stamp };
    });
    return { ok: true, use };
  } catch (error) {
    if (!(error instanceof LinkRefused)) throw error;
    const check = await checkEmailLink(token, purpose, now);
    return { ok: false, problem: check.ok ? 'link_used' : check.problem };
  }
}

/** Whether (and since when) the account's address is proved. */
export async function emailVerifiedAt(userId: string): Promise<Date | null> {
  return (await db.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } }))?.emailVerifiedAt ?? null;
}

class LinkRefused extends Error {}
