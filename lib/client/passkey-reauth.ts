import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { postJson } from './api';
import { beginCeremony } from './ceremony';
import { signalsSettled } from './signal';
import { webauthnErrorName } from './webauthn-errors';

/** Confirms it is the account's owner with one of its passkeys (modal get). */
export async function reauthenticateWithPasskey(): Promise<{ ok: true } | { ok: false; message: string }> {
  const options = await postJson<PublicKeyCredentialRequestOptionsJSON>('/api/account/reauth/passkey/options');
  if (!options.ok) return { ok: false, message: options.error.message };
  let response: Awaited<ReturnType<typeof startAuthentication>>;
  try {
    // One WebAuthn request at a time: let pending Signal API calls finish first.
    await signalsSettled();
    beginCeremony('modal-get');
    response = await startAuthentication({ optionsJSON: options.data });
  } catch (error) {
    const name = webauthnErrorName(error);
    return {
      ok: false,
      message:
        name === 'NotAllowedError' || name === 'AbortError'
          ? 'Confirmation was cancelled or timed out.'
          : 'This browser could not use a passkey here.',
    };
  }
  const verified = await postJson('/api/account/reauth/passkey/verify', response);
  return verified.ok ? { ok: true } : { ok: false, message: verified.error.message };
}
