import 'server-only';
import { db, type Tx } from '../platform/db';
import { Failure } from '../platform/failure';

// A revocation is a line in time (docs/decisions/014). Once sign-out, ending sessions, a
// password or passkey changed or removed, the first proof of the address or a recovery has
// answered, nothing that started before it may still use, or leave behind, what it removed:
// not a sign-in that checked the old password a moment earlier, not a passkey registration
// or password change sent from a session it ended.
//
// The tool is ASP.NET Core Identity's: a per-account security stamp, a number that moves on at
// every revocation, compared atomically by every write that rests on an earlier check.
// - A revocation bumps the stamp first (which locks the account row until it commits), then
//   re-stamps the sessions it keeps and deletes what it removes, in one transaction.
// - A session carries the stamp it was made under; one whose stamp is not the account's is
//   over (validateSessionToken).
// - A sign-in reads the stamp with the password or passkey it checks, and inserts its session
//   only if the stamp is still that (lib/server/identity/session.ts).
// - A write on a session's authority runs in `asSession`, which locks the account row and only
//   then checks that the session is still live under the current stamp.
// On PostgreSQL the row lock is what makes a concurrent writer wait for, and then see, the
// revocation; on SQLite one writer runs at a time.

export type KeepSessions =
  /** Every live session stays (a password or passkey changed or removed). */
  | { all: true }
  /** Only this one stays, or none (first proof of the address, recovery, ending others). */
  | { only: string | null }
  /** Every live session but this one stays (sign-out, ending one session). */
  | { allBut: string };

type StampRow = { securityStamp: number | bigint };

/**
 * Bumps the account's stamp and ends the sessions it does not keep; the kept ones carry the
 * new stamp. Call inside the revocation's transaction, before it removes anything else.
 */
export async function revoke(tx: Tx, userId: string, keep: KeepSessions): Promise<{ stamp: number; endedSessions: number }> {
  const [row] = await tx.$queryRaw<StampRow[]>`
    UPDATE "User" SET "securityStamp" = "securityStamp" + 1 WHERE "id" = ${userId} RETURNING "securityStamp"`;
  if (!row) return { stamp: -1, endedSessions: 0 };
  const stamp = Number(row.securityStamp);
  // Only sessions live under the previous stamp are kept: a stale one is never revived.
  const live = { userId, securityStamp: stamp - 1 };
  let endedSessions = 0;
  if ('all' in keep) {
    await tx.session.updateMany({ where: live, data: { securityStamp: stamp } });
  } else if ('only' in keep) {
    endedSessions = (await tx.session.deleteMany({ where: { userId, ...(keep.only && { id: { not: keep.only } }) } })).count;
    if (keep.only) await tx.session.updateMany({ where: { ...live, id: keep.only }, data: { securityStamp: stamp } });
  } else {
    endedSessions = (await tx.session.deleteMany({ where: { userId, id: keep.allBut } })).count;
    await tx.session.updateMany({ where: live, data: { securityStamp: stamp } });
  }
  return { stamp, endedSessions };
}

/**
 * Runs `write` in a transaction that first locks the account row and checks that the session
 * is still live under the account's current stamp: a request that passed its session check
 * before a revocation cannot write after it. Throws 401 not_signed_in if the session is over.
 */
export async function asSession<T>(session: { id: string; userId: string }, write: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<StampRow[]>`
      UPDATE "User" SET "securityStamp" = "securityStamp" WHERE "id" = ${session.userId} RETURNING "securityStamp"`;
    const live = row ? await tx.session.count({ where: { id: session.id, securityStamp: Number(row.securityStamp) } }) : 0;
    if (live === 0) throw sessionOver();
    return write(tx);
  });
}

export function sessionOver() {
  return new Failure('not_signed_in', 'Your session has ended. Sign in again.');
}

/** A sign-in whose check was made before a revocation that answered while it ran. */
export function accountChanged() {
  return new Failure('account_changed', 'Your account’s sign-in methods or sessions changed while you were signing in. Sign in again.');
}
