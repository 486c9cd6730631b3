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
