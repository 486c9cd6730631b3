import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import { randomToken } from './crypto';
import { db } from './db';

// Accounts and their password hashes.

export type User = { id: string; email: string; displayName: string; webauthnUserId: string; createdAt: Date };

const userFields = { id: true, email: true, displayName: true, webauthnUserId: true, createdAt: true } as const;

export class EmailTakenError extends Error {
  constructor() {
    super('An account with this email already exists.');
  }
}

/** Creates an account with a password; throws EmailTakenError if the email is in use. */
export async function createUserWithPassword(input: {
  email: string;
  displayName: string;
  passwordHash: string;
}): Promise<User> {
  try {
    return await db.user.create({
      data: {
        email: input.email,
        displayName: input.displayName,
        webauthnUserId: randomToken(32),
        password: { create: { hash: input.passwordHash } },
      },
      select: userFields,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new EmailTakenError();
    }
    throw error;
  }
}

/** The account and its password hash (null when the account has none), for signing in. */
export async function findUserForPasswordSignIn(
  email: string,
): Promise<{ user: User; passwordHash: string | null } | null> {
  const row = await db.user.findUnique({
    where: { email },
    select: { ...userFields, password: { select: { hash: true } } },
  });
  if (!row) return null;
  const { password, ...user } = row;
  return { user, passwordHash: password?.hash ?? null };
}

export async function findUserById(id: string): Promise<User | null> {
  return db.user.findUnique({ where: { id }, select: userFields });
}
