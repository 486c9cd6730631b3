import 'server-only';
import { Failure } from '../platform/failure';
import { runDeferred } from '../platform/deferred';
import { sendMail } from '../platform/mail';
import { hashPassword, passwordProblem } from '../identity/password';
import { recordEvent, type ClientInfo } from '../audit/security-events';
import {
  EMAIL_LINK_TTL_SECONDS,
  checkEmailLink,
  emailVerifiedAt,
  issueEmailLink,
  useEmailLink,
  type LinkUse,
} from '../identity/email-link';
import { createSession, type SessionRecord } from '../identity/session';
import { findUserForPasswordSignIn, rememberSignInName, signInMethodsOf, type SignInMethods } from '../identity/user';
import { listPasskeys } from '../webauthn/passkey';
import { takeMailLimits } from './mail-limits';
import { recoveryMessage, securityNoticeMessage } from './mail-messages';
import { linkFailure } from './link-failure';
import { recordSecured } from './email-verification';
import type { EmailInput } from './password-sign-in';

// "Forgot password?" and the recovery of an account whose passkeys are lost: a single-use
// link, mailed to the address, that sets a new password or signs in to create a new passkey.
// Either way every other session ends and the account holder is told by email. On an
// unverified account the link is also the first proof of the address (docs/decisions/013).

const NO_KEEPS = { sessionId: null, password: false, passkeyIds: [] };

/**
 * Asks for a recovery link. Whether or not the address has an account, the caller answers
 * the same, at once: the limits are taken here (on the address, account or not), and the
 * account is looked up and the link mailed later, off this request's path and off the next
 * one's on its connection (platform/deferred.ts), so neither the answer nor the timing of
 * what follows it on that connection depends on the account existing.
 */
export async function requestRecovery(email: EmailInput, client: ClientInfo): Promise<void> {
  await takeMailLimits('recovery', email.address, client);
  runDeferred('recovery email', async () => {
    const found = await findUserForPasswordSignIn(email.address);
    // No account: nothing is sent (a message to a stranger's inbox would let anyone mail them).
    if (!found) return;
    const token = await issueEmailLink(found.user.id, found.user.email, 'recovery');
    await sendMail(recoveryMessage(found.user.email, token, EMAIL_LINK_TTL_SECONDS.recovery / 60));
    await recordEvent('recovery.requested', found.user.id, client);
  });
}

export type RecoveryPreview =
  | { ok: false; problem: Failure['code']; message: string }
  | {
      ok: true;
      email: string;
      methods: SignInMethods;
      expiresAt: Date;
      /**
       * On an address never verified, the link is its first proof, and using it either way
       * removes the password and the passkeys added before (docs/decisions/013): which ones,
       * for the page to say so before anything is pressed. Null on a verified address.
       */
      firstProof: { password: boolean; passkeys: string[] } | null;
    };

/** What the recovery page shows before anything is changed. Writes nothing. */
export async function previewRecovery(token: string): Promise<RecoveryPreview> {
  const check = await checkEmailLink(token, 'recovery');
  if (!check.ok) {
    const failure = linkFailure(check.problem, 'recovery');
    return { ok: false, problem: failure.code, message: failure.message };
  }
  const [methods, verifiedAt] = await Promise.all([signInMethodsOf(check.userId), emailVerifiedAt(check.userId)]);
  const firstProof = verifiedAt ? null : { password: methods.password, passkeys: (await listPasskeys(check.userId)).map((p) => p.name) };
  return { ok: true, email: check.email, methods, expiresAt: check.expiresAt, firstProof };
}

export type Recovered = { userId: string; email: string; token: string; session: SessionRecord; notice: () => Promise<void> };

/**
 * Sets a new password from a recovery link. The password is checked (the sign-up rules)
 * before the link is used, so a refused password leaves the link usable. The new session is
 * a password sign-in with the name the password manager just saved, so it is offered the
 * automatic passkey upgrade like any other.
 */
export async function resetPassword(token: string, input: { email: EmailInput; password: string }, client: ClientInfo): Promise<Recovered> {
  const check = await checkEmailLink(token, 'recovery');
  if (!check.ok) throw linkFailure(check.problem, 'recovery');
  if (input.email.address !== check.email) {
    throw new Failure('invalid_request', 'The email does not match the account this link is for.', {
      fields: { email: 'This is not the address the link was sent to.' },
    });
  }
  const problem = passwordProblem(input.password, { email: check.email });
  if (problem) throw new Failure('weak_password', problem, { fields: { password: problem } });
  const newPasswordHash = await hashPassword(input.password);
  const result = await useEmailLink(token, 'recovery', { keeps: NO_KEEPS, newPasswordHash, endSessions: true });
  if (!result.ok) throw linkFailure(result.problem, 'recovery');
  const { use } = result;
  await recordLinkUse(use, client);
  await recordEvent('password.reset', use.userId, client, { ended: use.endedSessions + use.removed.sessions });
  await rememberSignInName(use.userId, input.email.typed);
  const { token: sessionToken, session } = await createSession(use.userId, 'password', client, {
    stamp: use.stamp,
    signInName: input.email.typed,
  });
  await recordEvent('sign_in.password', use.userId, client, { via: 'recovery' });
  return signedIn(use, sessionToken, session, 'password_reset');
}

/**
 * Signs in with a recovery link, to create a new passkey (or set a password) from the
 * account page: for an account whose passkeys are lost. The session proved the address only
 * ("email"); it counts as a fresh confirmation, so it may add a passkey, set a password and
 * remove the lost passkeys.
 */
export async function signInWithRecoveryLink(token: string, client: ClientInfo): Promise<Recovered> {
  const result = await useEmailLink(token, 'recovery', { keeps: NO_KEEPS, endSessions: true });
  if (!result.ok) throw linkFailure(result.problem, 'recovery');
  const { use } = result;
  await recordLinkUse(use, client);
  const { token: sessionToken, session } = await createSession(use.userId, 'email', client, { stamp: use.stamp });
  await recordEvent('recovery.signed_in', use.userId, client, { ended: use.endedSessions + use.removed.sessions });
  return signedIn(use, sessionToken, session, 'recovery_sign_in');
}

async function recordLinkUse(use: LinkUse, client: ClientInfo): Promise<void> {
  if (!use.firstProof) return;
  await recordEvent('email.verified', use.userId, client, { via: 'recovery' });
  await recordSecured(use, client);
}

function signedIn(use: LinkUse, token: string, session: SessionRecord, what: 'password_reset' | 'recovery_sign_in'): Recovered {
  return {
    userId: use.userId,
    email: use.email,
    token,
    session,
    notice: () => sendMail(securityNoticeMessage(use.email, what, session.createdAt)),
  };
}
