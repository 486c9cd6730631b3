import 'server-only';
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type GenerateRegistrationOptionsOpts,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { challengeProblemMessage, type ConsumedChallenge } from './challenge';
import { ceremonyTimeoutMs, issueChallenge, messageOf, openCeremony } from './ceremony';
import { config } from '../platform/config';
import { Failure } from '../platform/failure';
import { CredentialExistsError, createPasskey, listPasskeys, type PasskeyRecord } from './passkey';
import { providerLabel, providerName } from './passkey-providers';
import type { ClientUpgradeOutcome } from '@/lib/shared/upgrade-outcomes';
import { recordEvent, type ClientInfo } from '../audit/security-events';
import { claimUpgradeOffer, setUpgradeOutcome, type CurrentSession } from '../identity/session';
import { signInNameOf } from '../identity/user';
import { assertStrictAttestation, assertUsablePublicKey } from './strict';

// Creating passkeys: the automatic upgrade right after a password sign-in (conditional
// create), and by hand from the account page (modal create).
//
// The upgrade is the one ceremony in which the authenticator may report neither user
// presence nor user verification (WebAuthn L3 §5.1.3, mediation "conditional"): the password
// manager creates the passkey without asking. What stands in for the user's gesture is the
// password they just typed, so the server, never the client, decides that a registration is
// an upgrade: only a challenge issued as an upgrade challenge, to a session that signed in
// with a password moments ago, once, lets UP=0/UV=0 through.

// EdDSA, ES256, RS256: the same list goes into the options and into the verification.
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

async function creationOptions(
  current: CurrentSession,
  userVerification: 'required' | 'preferred',
  userName: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listPasskeys(current.user.id);
  const options: GenerateRegistrationOptionsOpts = {
    rpName: config().rpName,
    rpID: config().rpId,
    // The user handle is random bytes, never the email (WebAuthn L3 §14.6.1).
    userID: Buffer.from(current.user.webauthnUserId, 'base64url'),
    // The password manager links the passkey to its saved password only when this equals the
    // saved username exactly (Chromium compares them as they are), so it is the address as the
    // person typed it, not as we store it.
    userName,
    userDisplayName: current.user.displayName,
    timeout: ceremonyTimeoutMs(),
    // Attestation would tell us the authenticator's make and model, at a privacy cost and
    // with nothing we would do differently; the AAGUID still names the provider.
    attestationType: 'none',
    // The password manager answers InvalidStateError if it already holds one of these.
    excludeCredentials: existing.map((p) => ({
      id: p.credentialId,
      transports: p.transports,
    })),
    authenticatorSelection: { residentKey: 'required', userVerification },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  };
  return generateRegistrationOptions(options);
}

/** Options for the automatic upgrade, or a 4xx saying why this session may not have them. */
export async function upgradeOptions(current: CurrentSession, client: ClientInfo, now = new Date()) {
  const { session, user } = current;
  // A session that began with a password sign-in has the name typed for it. One that began
  // with a passkey, or with sign-up, has none: a later password confirmation does not make it
  // an upgrade candidate, and right after sign-up the password manager has not saved the
  // password yet (docs/decisions/009).
  if (session.authMethod !== 'password' || session.signInName === null) {
    throw new Failure('upgrade_not_eligible', 'Only a sign-in with a password is upgraded automatically.');
  }
  const age = now.getTime() - session.authenticatedAt.getTime();
  if (age > config().upgradeWindowSeconds * 1000) {
    throw new Failure(
      'upgrade_window_passed',
      `The automatic upgrade is offered only within ${config().upgradeWindowSeconds} seconds of a password sign-in.`,
    );
  }
  if (!(await claimUpgradeOffer(session.id, now))) {
    throw new Failure('upgrade_already_offered', 'This sign-in has already been offered its passkey upgrade.');
  }
  // Verification is "preferred": a password manager creating a passkey silently cannot verify
  // the user, and the verify step accepts that for this challenge only.
  const options = await issueChallenge(
    await creationOptions(current, 'preferred', session.signInName),
    'upgrade',
    { sessionId: session.id },
    user.id,
  );
  await recordEvent('upgrade.offered', user.id, client);
  return options;
}

/** Options for creating a passkey by hand (a modal create: presence and verification required). */
export async function manualRegistrationOptions(current: CurrentSession) {
  const userName = current.session.signInName ?? (await signInNameOf(current.user.id)) ?? current.user.email;
  return issueChallenge(
    await creationOptions(current, 'required', userName),
    'registration',
    { sessionId: current.session.id },
    current.user.id,
  );
}

/** Outcomes of the upgrade that only the browser sees (it never reached verification). */
export async function recordClientUpgradeOutcome(
  current: CurrentSession,
  outcome: ClientUpgradeOutcome,
  client: ClientInfo,
): Promise<boolean> {
  if (current.session.authMethod !== 'password' || current.session.signInName === null) return false;
  // One outcome per password sign-in keeps the funnel honest even if the page reports twice.
  if (!(await setUpgradeOutcome(current.session.id, outcome))) return false;
  await recordEvent(`upgrade.${outcome}`, current.user.id, client);
  return true;
}

export async function verifyRegistration(
  current: CurrentSession,
  response: RegistrationResponseJSON,
  client: ClientInfo,
): Promise<PasskeyRecord> {
  // A refused upgrade is counted as such in the funnel, whichever step refused it.
  const rejected = async (challenge: ConsumedChallenge, failure: Failure) => {
    if (challenge.purpose !== 'upgrade') return;
    await setUpgradeOutcome(current.session.id, 'rejected');
    await recordEvent('upgrade.rejected', current.user.id, client, { code: failure.code });
  };
  const { challenge } = await openCeremony({
    ceremony: 'registration',
    clientDataJSON: response.response.clientDataJSON,
    binding: { sessionId: current.session.id },
    purposes: ['registration', 'upgrade'],
    onRefusal: rejected,
  });
  try {
    const passkey = await verifyAndStore(current, challenge, response);
    const facts = { provider: providerLabel(passkey.aaguid) };
    await recordEvent('passkey.created', current.user.id, client, { via: passkey.createdVia }, facts);
    if (challenge.purpose === 'upgrade') {
      await setUpgradeOutcome(current.session.id, 'created');
      await recordEvent('upgrade.created', current.user.id, client, {}, facts);
    }
    return passkey;
  } catch (error) {
    if (error instanceof Failure) await rejected(challenge, error);
    throw error;
  }
}

async function verifyAndStore(
  current: CurrentSession,
  challenge: ConsumedChallenge,
  response: RegistrationResponseJSON,
): Promise<PasskeyRecord> {
  if (challenge.userId !== current.user.id) {
    throw new Failure('invalid_challenge', challengeProblemMessage.other_browser);
  }
  assertStrictAttestation(response.response.attestationObject);
  const isUpgrade = challenge.purpose === 'upgrade';
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: config().origins,
      expectedRPID: config().rpId,
      requireUserPresence: !isUpgrade,
      requireUserVerification: !isUpgrade,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
  } catch (error) {
    throw new Failure('verification_failed', `The passkey could not be verified: ${messageOf(error)}`);
  }
  if (!verification.verified) {
    throw new Failure('verification_failed', 'The attestation signature is not valid.');
  }
  const info = verification.registrationInfo;
  // The library returns the id from the signed authenticator data; the id the browser put
  // beside it must be the same, or the id and key were swapped.
  if (info.credential.id !== response.id) {
    throw new Failure('credential_id_mismatch', 'The credential id does not match the authenticator data.');
  }
  // A key that cannot verify a signature would make a passkey that fails every sign-in.
  assertUsablePublicKey(info.credential.publicKey);
  try {
    return await createPasskey(
      {
        credentialId: info.credential.id,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: response.response.transports ?? [],
        aaguid: info.aaguid,
        backupEligible: info.credentialDeviceType === 'multiDevice',
        backupState: info.credentialBackedUp,
        deviceType: info.credentialDeviceType,
        uvInitialized: info.userVerified,
        createdVia: isUpgrade ? 'automatic' : 'manual',
        name: providerName(info.aaguid) ?? 'Passkey',
      },
      current.session,
    );
  } catch (error) {
    if (error instanceof CredentialExistsError) {
      throw new Failure('credential_exists', 'This passkey is already registered.');
    }
    throw error;
  }
}
