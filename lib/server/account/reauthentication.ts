import 'server-only';
import { generateAuthenticationOptions, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { ceremonyTimeoutMs, issueChallenge, openCeremony } from '../webauthn/ceremony';
import { config } from '../platform/config';
import { Failure } from '../platform/failure';
import { findPasskeyByCredentialId, listPasskeys } from '../webauthn/passkey';
import { verifyAssertion } from '../webauthn/authentication';
import { verifyNothing, verifyPassword } from '../identity/password';
import { takePasswordAttempt } from './password-sign-in';
import { recordEvent, type ClientInfo } from '../audit/security-events';
import { rotateAfterConfirmation, type CurrentSession } from '../identity/session';
import { passwordHashOf } from '../identity/user';

// Re-authentication (OWASP ASVS 5.0 V7.5.1): before a passkey or the password is removed or
// changed, the session must have proved who it is within the last few minutes. A session
// that has not is asked to confirm with a passkey of the account or its password; either
// moves the session's authenticatedAt to now and gives it a new token (the caller sets the
// cookie), keeping how it signed in.

export function isRecentlyAuthenticated(current: CurrentSession, now = new Date()): boolean {
  return now.getTime() - current.session.authenticatedAt.getTime() <= config().reauthWindowSeconds * 1000;
}

/** Throws 403 reauth_required unless the session authenticated within the window. */
export function requireRecentAuthentication(current: CurrentSession): void {
  if (!isRecentlyAuthenticated(current)) {
    throw new Failure('reauth_required', 'Confirm it is you, with a passkey or your password, to make this change.');
  }
}

// Failed confirmations count against the same limits as failed sign-ins
// (takePasswordAttempt), so a stolen session cannot be used to guess the password.

export type Confirmed = { token: string; expiresAt: Date };

export async function reauthenticateWithPassword(current: CurrentSession, password: string, client: ClientInfo): Promise<Confirmed> {
  const attempt = await takePasswordAttempt(current.user.email, client.ipAddress);
  if (!attempt.ok) {
    throw new Failure('too_many_attempts', 'Too many failed attempts.', { retryAfterSeconds: attempt.retryAfterSeconds });
  }
  const hash = await passwordHashOf(current.user.id);
  const valid = hash ? await verifyPassword(hash, password) : await verifyNothing(password);
  if (!valid) {
    await recordEvent('reauth.failed', current.user.id, client, { method: 'password' });
    throw new Failure('invalid_credentials', 'The password is incorrect.');
  }
  await attempt.succeeded();
  const { token } = await rotateAfterConfirmation(current.session, { password: true });
  await recordEvent('reauth.password', current.user.id, client);
  return { token, expiresAt: current.session.expiresAt };
}

/** Request options for confirming with one of this account's passkeys. */
export async function reauthenticationOptions(current: CurrentSession) {
  const passkeys = await listPasskeys(current.user.id);
  if (passkeys.length === 0) throw new Failure('no_passkeys', 'This account has no passkey to confirm with.');
  const options = await generateAuthenticationOptions({
    rpID: config().rpId,
    userVerification: 'required',
    timeout: ceremonyTimeoutMs(),
    allowCredentials: passkeys.map((p) => ({
      id: p.credentialId,
      transports: p.transports,
    })),
  });
  return issueChallenge(options, 'reauthentication', { sessionId: current.session.id }, current.user.id);
}

export async function reauthenticateWithPasskey(
  current: CurrentSession,
  response: AuthenticationResponseJSON,
  client: ClientInfo,
): Promise<Confirmed> {
  const { challenge } = await openCeremony({
    ceremony: 'confirmation',
    clientDataJSON: response.response.clientDataJSON,
    binding: { sessionId: current.session.id },
    purposes: ['reauthentication'],
  });
  const passkey = await findPasskeyByCredentialId(response.id);
  // Only a passkey of the signed-in account can confirm it is them.
  if (!passkey || passkey.userId !== current.user.id) {
    await recordEvent('reauth.failed', current.user.id, client, { method: 'passkey', reason: 'not_this_account' });
    throw new Failure('not_this_account', 'That passkey does not belong to this account.');
  }
  try {
    await verifyAssertion(passkey, response, challenge.challenge, client, new Date());
  } catch (error) {
    if (error instanceof Failure) await recordEvent('reauth.failed', current.user.id, client, { method: 'passkey', reason: error.code });
    throw error;
  }
  const { token } = await rotateAfterConfirmation(current.session, { passkeyId: passkey.id });
  await recordEvent('reauth.passkey', current.user.id, client);
  return { token, expiresAt: current.session.expiresAt };
}
