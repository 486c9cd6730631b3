import { browserSupportsWebAuthnAutofill, startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { postJson } from './api';
import { beginCeremony, cancelCeremonyIf } from './ceremony';
import { signalUnknownCredential } from './signal';
import { webauthnErrorName } from './webauthn-errors';
import { authenticatorFlags, flagFacts, inspect, refusal, short } from './inspector';

const INSPECTOR = process.env.NEXT_PUBLIC_INSPECTOR === 'on';

// Signing in with a passkey: through the username field's autofill (conditional mediation)
// and through a button (modal). One ceremony at a time: @simplewebauthn/browser aborts the
// pending one whenever another starts.

export type PasskeySignInResult = { ok: true } | { ok: false; message: string | null };

async function finish(
  options: PublicKeyCredentialRequestOptionsJSON,
  response: Awaited<ReturnType<typeof startAuthentication>>,
): Promise<PasskeySignInResult> {
  if (INSPECTOR) {
    inspect({
      flow: 'sign-in',
      title: 'The browser signed with a passkey',
      status: 'ok',
      facts: [
        ['Credential id', short(response.id)],
        ['User handle', short(response.response.userHandle)],
        ...flagFacts(authenticatorFlags(response.response.authenticatorData)),
      ],
    });
  }
  const verified = await postJson('/api/passkeys/sign-in/verify', response);
  if (INSPECTOR) {
    inspect({
      flow: 'sign-in',
      title: verified.ok ? 'The server verified it: signed in' : 'The server refused it',
      status: verified.ok ? 'ok' : 'failed',
      facts: verified.ok
        ? [['Checked', 'challenge, origin, RP ID hash, UP and UV, signature, counter, BE/BS, user handle']]
        : [refusal('Refused', verified)],
    });
  }
  if (verified.ok) return { ok: true };
  if (verified.error.code === 'unknown_credential') {
    // The manager offered a passkey this site no longer has: ask it to stop offering it.
    await signalUnknownCredential(options.rpId ?? window.location.hostname, response.id);
  }
  return { ok: false, message: verified.error.message };
}

async function requestOptions(mediation: 'autofill' | 'button') {
  const options = await postJson<PublicKeyCredentialRequestOptionsJSON>('/api/passkeys/sign-in/options', { mediation });
  if (INSPECTOR) {
    inspect({
      flow: 'sign-in',
      title: mediation === 'autofill' ? 'Offered passkeys in the email field’s autofill' : 'Asked for a passkey with the browser’s dialog',
      status: options.ok ? 'info' : 'failed',
      facts: options.ok
        ? [
            ['mediation', mediation === 'autofill' ? 'conditional' : 'none (modal)'],
            ['challenge', short(options.data.challenge)],
            ['allowCredentials', String(options.data.allowCredentials?.length ?? 0) + ' (any passkey of this site)'],
            ['userVerification', options.data.userVerification ?? '—'],
          ]
        : [refusal('Server answered', options)],
    });
  }
  return options;
}

/**
 * Offers the account's passkeys in the autofill of the field marked
 * autocomplete="username webauthn". Resolves when the person picks one (or with a quiet
 * null when the browser cannot, or the ceremony was aborted for another).
 */
export async function passkeyAutofill(): Promise<PasskeySignInResult | null> {
  if (!(await browserSupportsWebAuthnAutofill())) return null;
  const answer = await requestOptions('autofill');
  if (!answer.ok) return null;
  const options = answer.data;
  try {
    beginCeremony('autofill');
    const response = await startAuthentication({ optionsJSON: options, useBrowserAutofill: true });
    return await finish(options, response);
  } catch {
    // Aborted for the button or the password form, or nothing to offer: stay quiet.
    return null;
  }
}

/** The "Sign in with a passkey" button: the browser's own passkey dialog. */
export async function passkeyModalSignIn(): Promise<PasskeySignInResult> {
  const answer = await requestOptions('button');
  // The server's words: a limit says when to try again, which "Try again" alone could not.
  if (!answer.ok) return { ok: false, message: answer.error.message };
  const options = answer.data;
  try {
    beginCeremony('modal-get');
    const response = await startAuthentication({ optionsJSON: options });
    return await finish(options, response);
  } catch (error) {
    const name = webauthnErrorName(error);
    if (INSPECTOR) {
      inspect({
        flow: 'sign-in',
        title: 'The browser did not sign in',
        status: 'failed',
        facts: [['Browser said', name]],
        explanation: ['NotAllowedError: the person cancelled, the dialog timed out, or no passkey for this site is on this device.'],
      });
    }
    if (name === 'NotAllowedError' || name === 'AbortError') {
      return { ok: false, message: 'The passkey sign-in was cancelled or timed out.' };
    }
    return { ok: false, message: 'This browser could not use a passkey here.' };
  }
}

/** Aborts the autofill request (leaving the page), but never a ceremony of another kind. */
export function cancelPasskeyAutofill(): void {
  cancelCeremonyIf('autofill');
}
