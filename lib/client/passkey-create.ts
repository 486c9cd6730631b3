import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { postJson } from './api';
import { beginCeremony } from './ceremony';
import { passkeyCreated, type StoredPasskey } from './created-passkeys';
import { showPasskeyCreated } from './notice';
import { signalUnknownCredential, signalsSettled } from './signal';
import { webauthnErrorName } from './webauthn-errors';
import { authenticatorFlags, creationFacts, flagFacts, inspect, refusal, short } from './inspector';

const INSPECTOR = process.env.NEXT_PUBLIC_INSPECTOR === 'on';

// Creating a passkey by hand (the account page's button): a modal create, for browsers
// without conditional create or people who want one on another device.

/** `kind` "exists": nothing went wrong, the device already holds one (information, not an error). */
export type CreateResult = { ok: true } | { ok: false; kind: 'exists' | 'failed'; message: string };

export async function createPasskeyByHand(): Promise<CreateResult> {
  const options = await postJson<PublicKeyCredentialCreationOptionsJSON>('/api/passkeys/register/options');
  if (INSPECTOR) {
    inspect({
      flow: 'create',
      title: 'Asked the server for options to create a passkey by hand',
      status: options.ok ? 'info' : 'failed',
      facts: options.ok ? creationFacts(options.data, 'none (modal: the person is asked)') : [refusal('Server answered', options)],
    });
  }
  if (!options.ok) return { ok: false, kind: 'failed', message: options.error.message };
  let response: Awaited<ReturnType<typeof startRegistration>>;
  try {
    // One WebAuthn request at a time: let pending Signal API calls finish first.
    await signalsSettled();
    beginCeremony('modal-create');
    response = await startRegistration({ optionsJSON: options.data });
  } catch (error) {
    if (INSPECTOR)
      inspect({
        flow: 'create',
        title: 'The browser did not create a passkey',
        status: 'failed',
        facts: [['Browser said', webauthnErrorName(error)]],
      });
    switch (webauthnErrorName(error)) {
      case 'InvalidStateError':
        return { ok: false, kind: 'exists', message: 'You already have a passkey for this account on this device.' };
      case 'NotAllowedError':
      case 'AbortError':
        return { ok: false, kind: 'failed', message: 'Passkey creation was cancelled or timed out.' };
      case 'NotSupportedError':
        return { ok: false, kind: 'failed', message: 'This device cannot create a passkey that works here.' };
      default:
        return { ok: false, kind: 'failed', message: 'This browser could not create a passkey.' };
    }
  }
  const verified = await postJson<StoredPasskey>('/api/passkeys/register/verify', response);
  if (INSPECTOR) {
    inspect({
      flow: 'create',
      title: verified.ok ? 'Created and stored a passkey' : 'The server refused the new passkey',
      status: verified.ok ? 'ok' : 'failed',
      facts: [
        ['Credential id', short(response.id)],
        ...flagFacts(authenticatorFlags(response.response.authenticatorData)),
        verified.ok ? ['Provider (from AAGUID)', verified.data.passkey.provider ?? 'unknown'] : refusal('Refused', verified),
      ],
    });
  }
  if (verified.ok) {
    // Listed and announced at once: the notice never shows before its passkey does.
    passkeyCreated({ passkey: verified.data.passkey, userHandle: options.data.user.id, storedAt: verified.data.asOf });
    showPasskeyCreated({ userHandle: options.data.user.id, passkeyId: verified.data.passkey.id });
    return { ok: true };
  }
  await signalUnknownCredential(options.data.rp.id ?? window.location.hostname, response.id);
  return { ok: false, kind: 'failed', message: verified.error.message };
}
