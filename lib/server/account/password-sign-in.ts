import 'server-only';
import { config } from '../platform/config';
import { sha256Hex } from '../platform/crypto';
import { hashPassword, passwordProblem, verifyNothing, verifyPassword } from '../identity/password';
import { limitAddress, releaseLimit, resetLimit, takeLimit } from '../identity/rate-limit';
import { recordEvent, type ClientInfo } from '../audit/security-events';
import { createSession, type SessionRecord } from '../identity/session';
import { EmailTakenError, createUserWithPassword, findUserForPasswordSignIn, rememberSignInName, type User } from '../identity/user';

// Signing up and signing in with a password: policy, brute-force limits, timing and audit.

export type SignedIn = { user: User; token: string; session: SessionRecord };

export type SignInResult =
  | ({ ok: true } & SignedIn)
  | { ok: false; reason: 'invalid_credentials' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

export type SignUpResult =
  | ({ ok: true } & SignedIn)
  | { ok: false; reason: 'weak_password'; message: string }
  | { ok: false; reason: 'email_taken' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

// Keys hash the email so the table does not become a list of addresses people tried; the
// account keys exist whether or not the account does, so limits reveal nothing.
//
// Three limits on failed passwords (docs/decisions/010):
// - one address's failures on one account (5 per window): the brute-force limit a single
//   attacker meets, which locks out only that address, not the account's owner elsewhere;
// - all failures on one account (100 per window): bounds guessing spread over many
//   addresses, within NIST SP 800-63B's "no more than 100 consecutive failed attempts";
// - one address's failures on any account (20 per window): bounds one address trying many.
// Passkey sign-in counts none of them and is never blocked by them.
export const accountKey = (email: string) => `sign-in:account:${sha256Hex(email)}`;
const accountAndClientKey = (email: string, ip: string | null) => `sign-in:account:${sha256Hex(email)}:client:${limitAddress(ip)}`;
const clientKey = (ip: string | null) => `sign-in:client:${limitAddress(ip)}`;
const signUpKey = (ip: string | null) => `sign-up:client:${limitAddress(ip)}`;

export type PasswordAttempt =
  | { ok: true; succeeded(): Promise<void> }
  | { ok: false; limit: 'account_and_client' | 'account' | 'client'; retryAfterSeconds: number; firstRefusal: boolean };

/**
 * Takes one password guess against every limit before the password is checked, so the
 * limits hold exactly however many guesses arrive at once, on any number of instances. A
 * guess refused by a limit gives its counts back (it guessed nothing); a wrong password keeps
 * them; a right one clears this address's count for the account and gives back the rest.
 */
export async function takePasswordAttempt(email: string, ip: string | null): Promise<PasswordAttempt> {
  const limits = config().signInLimit;
  const keys = [
    { key: accountAndClientKey(email, ip), max: limits.perAccountAndClient, limit: 'account_and_client' as const },
    { key: accountKey(email), max: limits.perAccount, limit: 'account' as const },
    { key: clientKey(ip), max: limits.perClient, limit: 'client' as const },
  ];
  const states = await Promise.all(keys.map(({ key, max }) => takeLimit(key, max, limits.windowSeconds)));
  const blocked = keys.filter((_, i) => states[i]!.blocked);
  if (blocked.length > 0) {
    await Promise.all(keys.map(({ key }) => releaseLimit(key)));
    // Whether this is the first refusal by this limit in its window: only that one is worth
    // an audit event (a client hammering a closed door must not fill the log).
    const noted = await takeLimit(`noted:${blocked[0]!.key}`, 1, limits.windowSeconds);
    return {
      ok: false,
      limit: blocked[0]!.limit,
      retryAfterSeconds: Math.max(...states.map((state) => state.retryAfterSeconds)),
      firstRefusal: !noted.blocked,
    };
  }
  return {
    ok: true,
    async succeeded() {
      await Promise.all([resetLimit(keys[0]!.key), releaseLimit(keys[1]!.key), releaseLimit(keys[2]!.key)]);
    },
  };
}

/** An email address as the person typed it and as the account is found by (lower-cased). */
export type EmailInput = { typed: string; address: string };

export async function signInWithPassword(emailInput: EmailInput | string, password: string, client: ClientInfo): Promise<SignInResult> {
  const { address: email, typed } = asEmailInput(emailInput);
  const attempt = await takePasswordAttempt(email, client.ipAddress);
  if (!attempt.ok) {
    if (attempt.firstRefusal) {
      const found = await findUserForPasswordSignIn(email);
      await recordEvent('sign_in.rate_limited', found?.user.id ?? null, client, { limit: attempt.limit });
    }
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: attempt.retryAfterSeconds };
  }

  const found = await findUserForPasswordSignIn(email);
  // Unknown email, or an account that has dropped its password: spend the same time as a
  // real check and give the same answer as a wrong password.
  const valid = found?.passwordHash ? await verifyPassword(found.passwordHash, password) : await verifyNothing(password);

  if (!found || !valid) {
    await recordEvent('sign_in.failed', found?.user.id ?? null, client, { method: 'password' });
    return { ok: false, reason: 'invalid_credentials' };
  }

  await attempt.succeeded();
  // What the person typed is what their password manager saves; the automatic upgrade sends
  // it back unchanged (docs/decisions/009).
  await rememberSignInName(found.user.id, typed);
  const { token, session } = await createSession(found.user.id, 'password', client, { stamp: found.stamp, signInName: typed });
  await recordEvent('sign_in.password', found.user.id, client);
  return { ok: true, user: found.user, token, session };
}

export async function signUp(
  input: { email: EmailInput | string; displayName: string; password: string },
  client: ClientInfo,
): Promise<SignUpResult> {
  const email = asEmailInput(input.email);
  const problem = passwordProblem(input.password, { email: email.address });
  if (problem) return { ok: false, reason: 'weak_password', message: problem };

  // Sign-up says whether an email is taken, so it is limited per client address to keep it
  // from being used to test a list of addresses.
  const { perClient, windowSeconds } = config().signUpLimit;
  const limit = await takeLimit(signUpKey(client.ipAddress), perClient, windowSeconds);
  if (limit.blocked) return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };

  const passwordHash = await hashPassword(input.password);
  let user: User;
  try {
    user = await createUserWithPassword({
      email: email.address,
      signInName: email.typed,
      displayName: input.displayName,
      passwordHash,
    });
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return { ok: false, reason: 'email_taken' };
    }
    throw error;
  }
  // No sign-in name on this session: right after sign-up the password manager has not saved
  // the password yet, so it is not offered the automatic upgrade (docs/decisions/009).
  // A new account's stamp is its first (the column's default).
  const { token, session } = await createSession(user.id, 'password', client, { stamp: 0 });
  await recordEvent('sign_up', user.id, client);
  return { ok: true, user, token, session };
}

function asEmailInput(email: EmailInput | string): EmailInput {
  return typeof email === 'string' ? { typed: email, address: email.trim().toLowerCase() } : email;
}
