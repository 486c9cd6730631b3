import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import type { ClientUpgradeOutcome, UpgradeOutcome } from '@/lib/shared/upgrade-outcomes';
import { postJson } from './api';
import { beginCeremony, cancelCeremonyIf } from './ceremony';
import { passkeyCreated, type StoredPasskey } from './created-passkeys';
import { expectPasskeyCreated, showPasskeyCreated } from './notice';
import { sessionEpoch } from './session';
import { signalUnknownCredential } from './signal';
import { webauthnErrorName } from './webauthn-errors';
import { authenticatorFlags, creationFacts, flagFacts, inspect, refusal, short, upgradeExplanation } from './inspector';

const INSPECTOR = process.env.NEXT_PUBLIC_INSPECTOR === 'on';

// The automatic passkey upgrade, run in the browser right after a password sign-in:
// conditional create (WebAuthn L3 §5.1.3, mediation "conditional"), where the password
// manager, not the person, decides whether to create a passkey. Nothing visible happens
// unless one is created. See docs/decisions/002-the-server-authorises-the-upgrade.md.

/** How an attempt ended in this page: an upgrade outcome, or "the server offered none". */
export type UpgradeResult = UpgradeOutcome | 'not_offered';

async function conditionalCreateAvailable(): Promise<boolean> {
  if (typeof PublicKeyCredential === 'undefined' || typeof PublicKeyCredential.getClientCapabilities !== 'function') {
    if (INSPECTOR)
      inspect({
        flow: 'upgrade',
        title: 'Asked the browser what it can do',
        status: 'failed',
        facts: [['getClientCapabilities()', 'not available in this browser']],
      });
    return false;
  }
  try {
    const capabilities = await PublicKeyCredential.getClientCapabilities();
    if (INSPECTOR) {
      inspect({
        flow: 'upgrade',
        title: 'Asked the browser what it can do',
        status: capabilities.conditionalCreate === true ? 'ok' : 'failed',
        facts: [
          ['conditionalCreate', String(capabilities.conditionalCreate ?? 'not reported')],
          ['conditionalGet', String(capabilities.conditionalGet ?? 'not reported')],
          ['passkeyPlatformAuthenticator', String(capabilities.passkeyPlatformAuthenticator ?? 'not reported')],
        ],
      });
    }
    return capabilities.conditionalCreate === true;
  } catch {
    if (INSPECTOR)
      inspect({
        flow: 'upgrade',
        title: 'Asked the browser what it can do',
        status: 'failed',
        facts: [['getClientCapabilities()', 'threw an error']],
      });
    return false;
  }
}

function inspectOutcome(outcome: UpgradeResult, userName: string | null, detail?: string): void {
  inspect({
    flow: 'upgrade',
    title: outcome === 'created' ? 'Upgrade done: a passkey was created' : 'Upgrade ended without a passkey',
    status: outcome === 'created' ? 'ok' : 'failed',
    facts: [['Outcome', outcome], ...(detail ? ([['Browser said', detail]] as [string, string][]) : [])],
    ...(outcome !== 'created' && { explanation: upgradeExplanation(outcome, userName) }),
  });
}

function report(outcome: ClientUpgradeOutcome): Promise<unknown> {
  return postJson('/api/passkeys/upgrade/outcome', { outcome });
}

function outcomeOf(error: unknown): ClientUpgradeOutcome {
  switch (webauthnErrorName(error)) {
    case 'NotAllowedError':
      return 'declined'; // the manager chose not to, or could not (e.g. not eligible)
    case 'InvalidStateError':
      return 'already_exists'; // it holds one of excludeCredentials
    case 'AbortError':
      return 'aborted';
    default:
      return 'error';
  }
}

/**
 * `epoch`: the session the upgrade was started for (lib/client/session.ts). If this tab has
 * signed out or in again by the time a passkey is stored, the page is told nothing of it.
 */
export async function attemptPasskeyUpgrade(epoch = sessionEpoch()): Promise<UpgradeResult> {
  if (!(await conditionalCreateAvailable())) {
    await report('unsupported');
    if (INSPECTOR) inspectOutcome('unsupported', null);
    return 'unsupported';
  }
  // A pending conditional get (the sign-in page's autofill) would block the create.
  cancelCeremonyIf('autofill');
  const options = await postJson<PublicKeyCredentialCreationOptionsJSON>('/api/passkeys/upgrade/options');
  if (INSPECTOR) {
    inspect({
      flow: 'upgrade',
      title: 'Asked the server for upgrade options',
      status: options.ok ? 'ok' : 'failed',
      facts: options.ok ? creationFacts(options.data, 'conditional (useAutoRegister)') : [refusal('Server answered', options)],
    });
  }
  if (!options.ok) {
    if (INSPECTOR) inspectOutcome('not_offered', null);
    return 'not_offered';
  }

  let response: Awaited<ReturnType<typeof startRegistration>>;
  try {
    beginCeremony('upgrade');
    response = await startRegistration({ optionsJSON: options.data, useAutoRegister: true });
  } catch (error) {
    const outcome = outcomeOf(error);
    await report(outcome);
    if (INSPECTOR) inspectOutcome(outcome, options.data.user.name, webauthnErrorName(error));
    return outcome;
  }
  if (INSPECTOR) {
    inspect({
      flow: 'upgrade',
      title: 'The password manager created a passkey',
      status: 'ok',
      facts: [['Credential id', short(response.id)], ...flagFacts(authenticatorFlags(response.response.authenticatorData))],
    });
  }
  // The account page may read the account after the server stored it and before this answer
  // comes: it then lists the passkey and keeps the room for its notice.
  expectPasskeyCreated(response.id, epoch);
  const verified = await postJson<StoredPasskey>('/api/passkeys/register/verify', response);
  if (INSPECTOR) {
    inspect({
      flow: 'upgrade',
      title: 'The server verified and stored it',
      status: verified.ok ? 'ok' : 'failed',
      facts: verified.ok
        ? [
            [
              'Stored as',
              verified.data.passkey.createdVia === 'automatic'
                ? 'created automatically (UP/UV may be 0 for an upgrade challenge only)'
                : verified.data.passkey.createdVia,
            ],
            ['Provider (from AAGUID)', verified.data.passkey.provider ?? 'unknown'],
            ['Synced', verified.data.passkey.synced ? 'yes' : 'no'],
          ]
        : [refusal('Refused', verified)],
    });
  }
  if (verified.ok) {
    if (epoch === sessionEpoch()) {
      // Both at once, so the page never shows the notice without the passkey, nor the other way.
      passkeyCreated({ passkey: verified.data.passkey, userHandle: options.data.user.id, storedAt: verified.data.asOf });
      showPasskeyCreated({ userHandle: options.data.user.id, passkeyId: verified.data.passkey.id }, epoch);
    }
    if (INSPECTOR) inspectOutcome('created', options.data.user.name);
    return 'created';
  }
  expectPasskeyCreated(null, epoch);
  // The manager now holds a passkey the server refused: ask it to drop it.
  await signalUnknownCredential(options.data.rp.id ?? window.location.hostname, response.id);
  if (INSPECTOR) inspectOutcome('rejected', options.data.user.name);
  return 'rejected';
}

let inFlight: Promise<void> = Promise.resolve();

/** Resolves once no upgrade is running (at once if none is). */
export function upgradeSettled(): Promise<void> {
  return inFlight;
}

/**
 * Starts the upgrade without waiting for it; a passkey it creates is announced ("Passkey
 * created") for the session signed in just before. Call after `sessionChanged()`.
 */
export function upgradeInBackground(): void {
  inFlight = attemptPasskeyUpgrade(sessionEpoch())
    .then(() => undefined)
    .catch(() => {
      // Never let the upgrade disturb the person: every failure is silent.
    });
}
