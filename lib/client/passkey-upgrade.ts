import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import type { ClientUpgradeOutcome, UpgradeOutcome } from '@/lib/shared/upgrade-outcomes';
import { postJson } from './api';
import { beginCeremony, cancelCeremonyIf } from './ceremony';
import { passkeyCreated, type StoredPasskey } from './created-passkeys';
import { showNotice } from './notice';
import { signalUnknownCredential } from './signal';
import { webauthnErrorName } from './webauthn-errors';

// The automatic passkey upgrade, run in the browser right after a password sign-in:
// conditional create (WebAuthn L3 §5.1.3, mediation "conditional"), where the password
// manager, not the person, decides whether to create a passkey. Nothing visible happens
// unless one is created. See docs/decisions/002-the-server-authorises-the-upgrade.md.

/** How an attempt ended in this page: an upgrade outcome, or "the server offered none". */
export type UpgradeResult = UpgradeOutcome | 'not_offered';

async function conditionalCreateAvailable(): Promise<boolean> {
  if (typeof PublicKeyCredential === 'undefined' || typeof PublicKeyCredential.getClientCapabilities !== 'function') {
    return false;
  }
  try {
    const capabilities = await PublicKeyCredential.getClientCapabilities();
    return capabilities.conditionalCreate === true;
  } catch {
    return false;
  }
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

export async function attemptPasskeyUpgrade(): Promise<UpgradeResult> {
  if (!(await conditionalCreateAvailable())) {
    await report('unsupported');
    return 'unsupported';
  }
  // A pending conditional get (the sign-in page's autofill) would block the create.
  cancelCeremonyIf('autofill');
  const options = await postJson<PublicKeyCredentialCreationOptionsJSON>('/api/passkeys/upgrade/options');
  if (!options.ok) return 'not_offered';

  let response: Awaited<ReturnType<typeof startRegistration>>;
  try {
    beginCeremony('upgrade');
    response = await startRegistration({ optionsJSON: options.data, useAutoRegister: true });
  } catch (error) {
    const outcome = outcomeOf(error);
    await report(outcome);
    return outcome;
  }
  const verified = await postJson<StoredPasskey>('/api/passkeys/register/verify', response);
  if (verified.ok) {
    passkeyCreated({ passkey: verified.data.passkey, userHandle: options.data.user.id, storedAt: verified.data.asOf });
    return 'created';
  }
  // The manager now holds a passkey the server refused: ask it to drop it.
  await signalUnknownCredential(options.data.rp.id ?? window.location.hostname, response.id);
  return 'rejected';
}

let inFlight: Promise<void> = Promise.resolve();

/** Resolves once no upgrade is running (at once if none is). */
export function upgradeSettled(): Promise<void> {
  return inFlight;
}

/** Starts the upgrade without waiting for it; shows the notice if a passkey was created. */
export function upgradeInBackground(): void {
  inFlight = attemptPasskeyUpgrade()
    .then((result) => {
      if (result === 'created') showPasskeyCreatedNotice();
    })
    .catch(() => {
      // Never let the upgrade disturb the person: every failure is silent.
    });
}

export function showPasskeyCreatedNotice(): void {
  showNotice({
    title: 'Passkey created.',
    text: 'Next time, sign in with your passkey instead of your password.',
    link: { href: '/account#passkeys', label: 'Manage passkeys' },
  });
}
