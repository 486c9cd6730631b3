import 'server-only';
import { config } from './config';
import { sha256Hex } from './crypto';
import { hashPassword, passwordProblem, verifyNothing, verifyPassword } from './password';
import { hitLimit, peekLimit, resetLimit } from './rate-limit';
import { recordEvent, type ClientInfo } from './security-events';
import { createSession, type SessionRecord } from './session';
import { EmailTakenError, createUserWithPassword, findUserForPasswordSignIn, rememberSignInName, type User } from './user';

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
// account key exists whether or not the account does, so limits reveal nothing either.
// Re-authentication counts its failures against the same account key.
export const accountKey = (email: string) => `sign-in:account:${sha256Hex(email)}`;
const clientKey = (ip: string | null) => `sign-in:client:${ip ?? 'unknown'}`;
const signUpKey = (ip: string | null) => `sign-up:client:${ip ?? 'unknown'}`;

/** An email address as the person typed it and as the account is found by (lower-cased). */
export type EmailInput = { typed: string; address: string };

export async function signInWithPassword(
  emailInput: EmailInput | string,
  password: string,
  client: ClientInfo,
): Promise<SignInResult> {
  const { address: email, typed } = asEmailInput(emailInput);
  const limits = config().signInLimit;
  const [account, byClient] = await Promise.all([
    peekLimit(accountKey(email), limits.perAccount),
    peekLimit(clientKey(client.ipAddress), limits.perClient),
  ]);
  if (account.blocked || byClient.blocked) {
    const found = await findUserForPasswordSignIn(email);
    await recordEvent('sign_in.rate_limited', found?.user.id ?? null, client, {
      limit: account.blocked ? 'account' : 'client',
    });
    return {
      ok: false,
      reason: 'rate_limited',
      retryAfterSeconds: Math.max(account.retryAfterSeconds, byClient.retryAfterSeconds),
    };
  }

  const found = await findUserForPasswordSignIn(email);
  // Unknown email, or an account that has dropped its password: spend the same time as a
  // real check and give the same answer as a wrong password.
  const valid = found?.passwordHash
    ? await verifyPassword(found.passwordHash, password)
    : await verifyNothing(password);

  if (!found || !valid) {
    await Promise.all([
      hitLimit(accountKey(email), limits.windowSeconds),
      hitLimit(clientKey(client.ipAddress), limits.windowSeconds),
      recordEvent('sign_in.failed', found?.user.id ?? null, client, { method: 'password' }),
    ]);
    return { ok: false, reason: 'invalid_credentials' };
  }

  // A success clears the account's counter (the person proved they know the password); the
  // client's counter keeps running so one address cannot alternate guesses and its own login.
  await resetLimit(accountKey(email));
  // What the person typed is what their password manager saves; the automatic upgrade sends
  // it back unchanged (docs/decisions/009).
  await rememberSignInName(found.user.id, typed);
  const { token, session } = await createSession(found.user.id, 'password', client, { signInName: typed });
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
  const limit = await peekLimit(signUpKey(client.ipAddress), perClient);
  if (limit.blocked) return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  await hitLimit(signUpKey(client.ipAddress), windowSeconds);

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
  const { token, session } = await createSession(user.id, 'password', client);
  await recordEvent('sign_up', user.id, client);
  return { ok: true, user, token, session };
}

function asEmailInput(email: EmailInput | string): EmailInput {
  return typeof email === 'string' ? { typed: email, address: email.trim().toLowerCase() } : email;
}
