import 'server-only';
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
} from '@simplewebauthn/server';
import { challengeProblemMessage, consumeChallenge, saveChallenge } from './challenge';
import { config } from './config';
import { HttpError } from './http';
import { findPasskeyByCredentialId, recordPasskeyUse, type PasskeyRecord } from './passkey';
import { messageOf } from './passkey-registration';
import { limitAddress, takeLimit } from './rate-limit';
import { recordEvent, type ClientInfo } from './security-events';
import { createSession, type SessionRecord } from './session';
import type { User } from './user';
import { readClientData } from './webauthn-input';
import { assertStrictSignature } from './webauthn-strict';

// Signing in with a passkey: discoverable credentials only (the browser offers the account's
// passkeys in the username field's autofill or in its own dialog), so the server learns who
// is signing in from the credential, not from a typed email.
//
// User verification is required here even for passkeys that were created without it by the
// automatic upgrade: a passkey sign-in replaces the password, so it must prove both
// possession of the device and the person (a PIN, biometric or screen lock), which is what
// UV asserts. Password managers verify the user when they sign in, so this costs nothing.

const OPTIONS_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Options for a passkey sign-in. Anyone may ask, and each answer stores a challenge, so they
 * are limited per client address (SIGN_IN_OPTIONS_MAX_PER_CLIENT per window): a flood from one
 * address cannot grow the table past that.
 */
export async function authenticationOptions(ceremonyToken: string, client: ClientInfo) {
  const { perClient, windowSeconds } = config().signInOptionsLimit;
  const limit = await takeLimit(`sign-in-options:client:${limitAddress(client.ipAddress)}`, perClient, windowSeconds);
  if (limit.blocked) {
    throw new HttpError(429, 'too_many_requests', 'Too many sign-in attempts from here. Wait a few minutes and try again.', undefined, {
      'Retry-After': String(limit.retryAfterSeconds),
    });
  }
  const options = await generateAuthenticationOptions({
    rpID: config().rpId,
    userVerification: 'required',
    timeout: OPTIONS_TIMEOUT_MS,
  });
  await saveChallenge({ challenge: options.challenge, purpose: 'authentication', binding: { ceremonyToken } });
  return options;
}

export type PasskeySignIn = { user: User; token: string; session: SessionRecord };

export async function verifyPasskeySignIn(
  ceremonyToken: string | undefined,
  response: AuthenticationResponseJSON,
  client: ClientInfo,
): Promise<PasskeySignIn> {
  const clientData = readClientData(response.response.clientDataJSON);
  const consumed = await consumeChallenge({
    challenge: clientData.challenge,
    binding: { ceremonyToken },
    purposes: ['authentication'],
  });
  if (!consumed.ok) throw new HttpError(400, 'invalid_challenge', challengeProblemMessage[consumed.problem]);
  if (clientData.crossOrigin === true) {
    throw new HttpError(400, 'cross_origin', 'The sign-in came from inside a cross-origin frame.');
  }

  const passkey = await findPasskeyByCredentialId(response.id);
  if (!passkey) {
    await recordEvent('sign_in.failed', null, client, { method: 'passkey', reason: 'unknown_credential' });
    // The page tells the password manager to forget this passkey (Signal API).
    throw new HttpError(404, 'unknown_credential', 'This passkey is not registered here. It may have been removed.');
  }
  const now = new Date();
  try {
    await verifyAssertion(passkey, response, consumed.value.challenge, client, now);
  } catch (error) {
    if (error instanceof HttpError && error.code !== 'counter_regression') {
      await recordEvent('sign_in.failed', passkey.userId, client, { method: 'passkey', reason: error.code });
    }
    throw error;
  }
  const user = passkey.owner;
  const { token, session } = await createSession(user.id, 'passkey', client, { now });
  await recordEvent('sign_in.passkey', user.id, client, { credential: passkey.id });
  return { user, token, session };
}

/**
 * Checks an assertion made with a stored passkey (WebAuthn L3 §7.2 from step 6 on) and, if
 * it holds, stores the new counter and backup state. Throws a 4xx HttpError otherwise.
 */
export async function verifyAssertion(
  passkey: PasskeyRecord & { owner: Pick<User, 'webauthnUserId'> },
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  client: ClientInfo,
  now: Date,
): Promise<void> {
  // Steps 6 and 7: the authenticator says whose passkey this is; it must be the account the
  // credential belongs to.
  if (!response.response.userHandle) {
    throw new HttpError(400, 'user_handle_missing', 'The response has no user handle (a discoverable passkey sends one).');
  }
  if (response.response.userHandle !== passkey.owner.webauthnUserId) {
    throw new HttpError(400, 'user_handle_mismatch', 'The passkey does not belong to the account it claims.');
  }
  assertStrictSignature(passkey.publicKey, response.response.signature);
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: config().origins,
      expectedRPID: config().rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: passkey.publicKey,
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: true,
    });
  } catch (error) {
    const message = messageOf(error);
    if (/counter value/i.test(message)) {
      // A counter that did not go up can mean a cloned authenticator (WebAuthn L3 §6.1.1).
      await recordEvent('passkey.counter_regression', passkey.userId, client, {
        credential: passkey.id,
        stored: passkey.counter,
      });
      throw new HttpError(400, 'counter_regression', 'The passkey signature counter went backwards; sign-in refused.');
    }
    throw new HttpError(400, 'verification_failed', `The passkey sign-in could not be verified: ${message}`);
  }
  if (!verification.verified) {
    throw new HttpError(400, 'verification_failed', 'The passkey signature is not valid.');
  }
  const info = verification.authenticationInfo;
  // Backup eligibility is fixed when a credential is made (WebAuthn L3 §6.1.3).
  if ((info.credentialDeviceType === 'multiDevice') !== passkey.backupEligible) {
    throw new HttpError(400, 'backup_eligibility_changed', 'The passkey reported a different backup eligibility than when it was created.');
  }
  if (!(await recordPasskeyUse(passkey, { counter: info.newCounter, backupState: info.credentialBackedUp, at: now }))) {
    throw new HttpError(409, 'concurrent_use', 'This passkey was used for another sign-in at the same moment. Try again.');
  }
}
