import type { PasskeyView } from '@/lib/server/webauthn/passkey-view';
import { onSessionChange } from './session';

// Passkeys this page has just created, as the server answered when it stored them. The account
// page lists them until a snapshot read after they were stored arrives, so "Passkey created"
// and the list can never disagree, whichever of the upgrade, the navigation and the page's
// own data request finishes first.

/** What POST /api/passkeys/register/verify answers when it stored a passkey. */
export type StoredPasskey = { passkey: PasskeyView; asOf: string };

export type CreatedPasskey = {
  passkey: PasskeyView;
  /** The WebAuthn user handle it was made for: only that account's page lists it. */
  userHandle: string;
  /** The server's clock after it was stored: a snapshot read from then on is the truth. */
  storedAt: string;
};

let created: CreatedPasskey[] = [];
const listeners = new Set<() => void>();

function set(next: CreatedPasskey[]) {
  created = next;
  for (const listener of listeners) listener();
}

// They belong to the session that made them (lib/client/session.ts).
onSessionChange(() => {
  if (created.length > 0) set([]);
});

export function passkeyCreated(entry: CreatedPasskey): void {
  set([...created.filter((c) => c.passkey.id !== entry.passkey.id), entry]);
}

export function createdPasskeys(): CreatedPasskey[] {
  return created;
}

export function subscribeCreatedPasskeys(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The snapshot's passkeys plus any created here that it may not know of yet: one it was read
 * too early to see. A snapshot read after the store is authoritative, also about removal.
 */
export function withCreatedPasskeys(
  snapshot: { asOf: string; user: { webauthnUserId: string }; passkeys: PasskeyView[] },
  entries: CreatedPasskey[],
): PasskeyView[] {
  const missing = entries.filter(
    (c) =>
      c.userHandle === snapshot.user.webauthnUserId && snapshot.asOf < c.storedAt && !snapshot.passkeys.some((p) => p.id === c.passkey.id),
  );
  return missing.length === 0 ? snapshot.passkeys : [...snapshot.passkeys, ...missing.map((c) => c.passkey)];
}
