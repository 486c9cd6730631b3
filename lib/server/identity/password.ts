import 'server-only';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash, verify } from '@node-rs/argon2';

// Password policy and storage, OWASP ASVS 5.0 V6.2 and V11.4:
// - 8 to 128 characters, counted as Unicode code points after NFKC normalisation (NIST
//   SP 800-63B §5.1.1.2), so "é" typed two ways is one password; no composition rules;
//   the whole password is hashed, never truncated; common passwords are refused.
// - argon2id with OWASP's minimum (m=19 MiB, t=2, p=1); the PHC string keeps the
//   parameters, so raising them later only affects new hashes.

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const ARGON2_OPTIONS = {
  // Algorithm.Argon2id; the package exports it as a const enum, which isolatedModules cannot read.
  algorithm: 2,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

let commonPasswords: Set<string> | undefined;

function isCommonPassword(normalized: string): boolean {
  if (!commonPasswords) {
    const text = readFileSync(join(process.cwd(), 'lib/server/identity/data/common-passwords.txt'), 'utf8');
    commonPasswords = new Set(text.split('\n').filter((line) => line && !line.startsWith('#')));
  }
  return commonPasswords.has(normalized.toLowerCase());
}

/** Why a new password is not acceptable, in words for the person choosing it; null if it is. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (isCommonPassword(normalized)) {
    return 'This password is on a list of commonly used passwords. Choose another.';
  }
  const email = context.email?.toLowerCase();
  if (email && (normalized.toLowerCase() === email || normalized.toLowerCase() === email.split('@')[0])) {
    return 'Do not use your email address as your password.';
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), ARGON2_OPTIONS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, normalizePassword(password));
  } catch {
    // A malformed stored hash is a failed sign-in, not a server error.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification when there is no hash to check (unknown email, or an
 * account without a password), so the answer takes as long as for a wrong password
 * (ASVS V6.3.8).
 */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('timing-equaliser-not-a-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
