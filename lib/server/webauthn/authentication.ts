import 'server-only';
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { config } from '../platform/config';
import { Failure } from '../platform/failure';
import { findPasskeyByCredentialId, recordPasskeyUse, type PasskeyRecord } from './passkey';
import { limitAddress, takeLimit } from '../identity/rate-limit';
import { recordEvent, type ClientInfo, type EventFacts } from '../audit/security-events';
import { createSession, type SessionRecord } from '../identity/session';
import type { User } from '../identity/user';
import { assertStrictSignature } from './strict';
import { ceremonyTimeoutMs, issueChallenge, messageOf, openCeremony } from './ceremony';
import type { Mediation } from './challenge';
import { providerLabel } from './passkey-providers';
import { claimFirstPasskeySignIn } from '../identity/user';
import { firstEventOf } from '../audit/security-events';

// Signing in with a passkey: discoverable credentials only (the browser offers the account's
// passkeys in the username field's autofill or in its own dialog), so the server learns who
// is signing in from the credential, not from a typed email.
//
// User verification is required here even for passkeys that were created without it by the
// automatic upgrade: a passkey sign-in replaces the password, so it must prove both
// possession of the device and the person (a PIN, biometric or screen lock), which is what
// UV asserts. Password managers verify the user when they sign in, so this costs nothing.

/**
 * Options for a passkey sign-in. Anyone may ask, and each answer stores a challenge, so they
 * are limited per client address (SIGN_IN_OPTIONS_MAX_PER_CLIENT per window): a flood from one
 * address cannot grow the table past that.
 */
export async function authenticationOptions(ceremonyToken: string, mediation: Mediation, client: ClientInfo) {
  const { perClient, windowSeconds } = config().signInOptionsLimit;
  const limit = await takeLimit(`sign-in-options:client:${limitAddress(client.ipAddress)}`, perClient, windowSeconds);
  if (limit.blocked) {
    throw new Failure('too_many_requests', 'Too many passkey sign-ins were started from here.', {
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
  const options = await generateAuthenticationOptions({
    rpID: config().rpId,
    userVerification: 'required',
    timeout: ceremonyTimeoutMs(),
  });
  return issueChallenge(options, 'authentication', { ceremonyToken }, undefined, mediation);
}

export type PasskeySignIn = { user: User; token: string; session: SessionRecord };

export async function verifyPasskeySignIn(
  ceremonyToken: string | undefined,
  response: AuthenticationResponseJSON,
  client: ClientInfo,
): Promise<PasskeySignIn> {
  const { challenge } = await openCeremony({
    ceremony: 'sign-in',
    clientDataJSON: response.response.clientDataJSON,
    binding: { ceremonyToken },
    purposes: ['authentication'],
  });

  const passkey = await findPasskeyByCredentialId(response.id);
  if (!passkey) {
    await recordEvent('sign_in.failed', null, client, { method: 'passkey', reason: 'unknown_credential' });
    // The page tells the password manager to forget this passkey (Signal API).
    throw new Failure('unknown_credential', 'This passkey is not registered here. It may have been removed.');
  }
  const now = new Date();
  try {
    await verifyAssertion(passkey, response, challenge.challenge, client, now);
  } catch (error) {
    if (error instanceof Failure && error.code !== 'counter_regression') {
      await recordEvent('sign_in.failed', passkey.userId, client, { method: 'passkey', reason: error.code });
    }
    throw error;
  }
  const user = passkey.owner;
  const { token, session } = await createSession(user.id, 'passkey', client, { stamp: passkey.ownerStamp, now, passkeyId: passkey.id });
  const facts = { method: challenge.mediation ?? 'button', provider: providerLabel(passkey.aaguid) } as const;
  await recordEvent('sign_in.passkey', user.id, client, { credential: passkey.id }, facts);
  // Only the first passkey sign-in of an account is counted; after that, no claim (a write).
  if (!passkey.ownerSignedInWithPasskey) await recordFirstPasskeySignIn(user.id, client, facts, now);
  return { user, token, session };
}

/**
 * The funnel's "first passkey sign-in after the upgrade": an account's first passkey sign-in
 * ever (claimed once, atomically), when the account had been offered the upgrade before it.
 * Carries the time from that first offer, for the insights' median.
 */
async function recordFirstPasskeySignIn(userId: string, client: ClientInfo, facts: EventFacts, now: Date): Promise<void> {
  if (!(await claimFirstPasskeySignIn(userId, now))) return;
  const offered = await firstEventOf(userId, 'upgrade.offered');
  if (!offered) return;
  const seconds = Math.max(0, Math.round((now.getTime() - offered.createdAt.getTime()) / 1000));
  await recordEvent('upgrade.first_passkey_sign_in', userId, client, {}, { ...facts, seconds });
}

/**
 * Checks an assertion made with a stored passkey (WebAuthn L3 §7.2 from step 6 on) and, if
 * it holds, stores the new counter and backup state. Throws a Failure otherwise.
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
    throw new Failure('user_handle_missing', 'The response has no user handle (a discoverable passkey sends one).');
  }
  if (response.response.userHandle !== passkey.owner.webauthnUserId) {
    throw new Failure('user_handle_mismatch', 'The passkey does not belong to the account it claims.');
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
      throw new Failure('counter_regression', 'The passkey signature counter went backwards; sign-in refused.');
    }
    throw new Failure('verification_failed', `The passkey sign-in could not be verified: ${message}`);
  }
  if (!verification.verified) {
    throw new Failure('verification_failed', 'The passkey signature is not valid.');
  }
  const info = verification.authenticationInfo;
  // Backup eligibility is fixed when a credential is made (WebAuthn L3 §6.1.3).
  if ((info.credentialDeviceType === 'multiDevice') !== passkey.backupEligible) {
    throw new Failure('backup_eligibility_changed', 'The passkey reported a different backup eligibility than when it was created.');
  }
  if (!(await recordPasskeyUse(passkey, { counter: info.newCounter, backupState: info.credentialBackedUp, at: now }))) {
    throw new Failure('concurrent_use', 'This passkey was used for another sign-in at the same moment. Try again.');
  }
}
