import { WebAuthnAbortService } from '@simplewebauthn/browser';

// A browser runs one WebAuthn request at a time, and @simplewebauthn/browser aborts the
// pending one whenever another starts. This records which kind is pending, so that leaving
// the sign-in page can abort its autofill without also aborting the passkey upgrade that the
// password sign-in has just started.

export type CeremonyKind = 'autofill' | 'modal-get' | 'upgrade' | 'modal-create';

let current: CeremonyKind | null = null;

/** Call right before starting a ceremony of this kind. */
export function beginCeremony(kind: CeremonyKind): void {
  current = kind;
}

/** Aborts the pending ceremony if, and only if, it is of this kind. */
export function cancelCeremonyIf(kind: CeremonyKind): void {
  if (current !== kind) return;
  current = null;
  WebAuthnAbortService.cancelCeremony();
}
