// What a failed navigator.credentials call means, from the DOMException name (WebAuthn L3
// §5.1.3, §5.1.4). @simplewebauthn/browser wraps it in a WebAuthnError whose name (and
// cause) keep the original name.

export function webauthnErrorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const cause = (error as { cause?: { name?: unknown } }).cause;
    if (cause && typeof cause.name === 'string') return cause.name;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return 'Error';
}

type SignalApi = {
  signalUnknownCredential?: (options: { rpId: string; credentialId: string }) => Promise<void>;
};

/**
 * Tells the password manager that the server does not know this passkey, so it can stop
 * offering it (WebAuthn L3 §5.1.10, Signal API). Does nothing where the browser lacks it.
 */
export async function signalUnknownCredential(rpId: string, credentialId: string): Promise<void> {
  const api = typeof PublicKeyCredential === 'undefined' ? undefined : (PublicKeyCredential as unknown as SignalApi);
  try {
    await api?.signalUnknownCredential?.({ rpId, credentialId });
  } catch {
    // Advisory only: the browser may refuse it, and nothing depends on it.
  }
}
