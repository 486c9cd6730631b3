import 'server-only';
import { randomToken } from '../platform/crypto';
import { db, isUniqueViolation } from '../platform/db';
import { asSession, revoke } from './security-stamp';

// Accounts and their password hashes.

export type User = { id: string; email: string; displayName: string; webauthnUserId: string; createdAt: Date };

export const userFields = { id: true, email: true, displayName: true, webauthnUserId: true, createdAt: true } as const;

export class EmailTakenError extends Error {
  constructor() {
    super('An account with this email already exists.');
  }
}

/** Creates an account with a password; throws EmailTakenError if the email is in use. */
export async function createUserWithPassword(input: {
  email: string;
  signInName?: string;
  displayName: string;
  passwordHash: string;
}): Promise<User> {
  try {
    return await db.user.create({
      data: {
        email: input.email,
        signInName: input.signInName ?? null,
        displayName: input.displayName,
        webauthnUserId: randomToken(32),
        password: { create: { hash: input.passwordHash } },
      },
      select: userFields,
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new EmailTakenError();
    }
    throw error;
  }
}

/**
 * The account, its password hash (null when the account has none) and its security stamp,
 * read together: a sign-in's session is made only while the stamp is still this one, so a
 * password checked here cannot sign anyone in after it was changed or removed.
 */
export async function findUserForPasswordSignIn(email: string): Promise<{ user: User; passwordHash: string | null; stamp: number } | null> {
  const row = await db.user.findUnique({
    where: { email },
    select: { ...userFields, securityStamp: true, password: { select: { hash: true } } },
  });
  if (!row) return null;
  const { password, securityStamp, ...user } = row;
  return { user, passwordHash: password?.hash ?? null, stamp: securityStamp };
}

/** Keeps the address as the person last typed it (see User.signInName); writes only a change. */
export async function rememberSignInName(userId: string, signInName: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId, NOT: { signInName } }, data: { signInName } });
}

/** The username a password manager holds for this account: as last typed, else the address. */
export async function signInNameOf(userId: string): Promise<string | null> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { email: true, signInName: true } });
  return row ? (row.signInName ?? row.email) : null;
}

/** A session of the account, on whose authority a change is made. */
type Acting = { id: string; userId: string };

export async function updateDisplayName(session: Acting, displayName: string): Promise<void> {
  await asSession(session, (tx) => tx.user.update({ where: { id: session.userId }, data: { displayName } }));
}

/**
 * Sets or replaces the password, on a live session's authority; says which it was. A
 * revocation: a sign-in that checked the old password while this ran makes no session after
 * it. The account's live sessions stay (the page offers to end the others).
 */
export async function setPasswordHash(session: Acting, hash: string): Promise<'set' | 'changed'> {
  const { userId } = session;
  return asSession(session, async (tx) => {
    const existing = await tx.password.count({ where: { userId } });
    await tx.password.upsert({ where: { userId }, create: { userId, hash }, update: { hash } });
    await revoke(tx, userId, { all: true });
    return existing > 0 ? 'changed' : 'set';
  });
}

export async function passwordHashOf(userId: string): Promise<string | null> {
  return (await db.password.findUnique({ where: { userId }, select: { hash: true } }))?.hash ?? null;
}

export type SignInMethods = { password: boolean; passkeys: number };

/**
 * Removes a sign-in method (the password, or one passkey) unless it is the account's last
 * one (ASVS V6.4), on a live session's authority. The account row is locked first
 * (asSession), so two removals at once cannot each see the other method still there and
 * leave the account with none. A revocation: a sign-in that checked the removed method while
 * this ran makes no session after it. A refusal rolls the whole transaction back: a refused
 * request writes nothing.
 */
export async function removeSignInMethod(
  session: Acting,
  method: { password: true } | { passkeyId: string },
): Promise<'removed' | 'not_found' | 'last_method'> {
  const { userId } = session;
  try {
    return await asSession(session, async (tx) => {
      const [password, passkeys] = await Promise.all([tx.password.count({ where: { userId } }), tx.passkey.count({ where: { userId } })]);
      if ('password' in method) {
        if (password === 0) throw new Refused('not_found');
        if (passkeys === 0) throw new Refused('last_method');
        await tx.password.delete({ where: { userId } });
        await revoke(tx, userId, { all: true });
        return 'removed' as const;
      }
      const found = await tx.passkey.count({ where: { id: method.passkeyId, userId } });
      if (found === 0) throw new Refused('not_found');
      if (password === 0 && passkeys === 1) throw new Refused('last_method');
      await tx.passkey.delete({ where: { id: method.passkeyId } });
      await revoke(tx, userId, { all: true });
      return 'removed' as const;
    });
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

/** Thrown inside a transaction to roll it back with a reason. */
class Refused extends Error {
  constructor(readonly outcome: 'not_found' | 'last_method') {
    super(outcome);
  }
}

export async function signInMethodsOf(userId: string): Promise<SignInMethods> {
  const [password, passkeys] = await Promise.all([db.password.count({ where: { userId } }), db.passkey.count({ where: { userId } })]);
  return { password: password > 0, passkeys };
}

/**
 * Marks the account's first passkey sign-in; true only for the one request that did, even
 * when two sign-ins finish at once (an UPDATE … WHERE still null is atomic).
 */
export async function claimFirstPasskeySignIn(userId: string, at: Date): Promise<boolean> {
  const { count } = await db.user.updateMany({ where: { id: userId, firstPasskeySignInAt: null }, data: { firstPasskeySignInAt: at } });
  return count === 1;
}
