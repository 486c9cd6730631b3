import { onSessionChange, sessionEpoch } from './session';

// Quiet notices: "Passkey created", and the confirmation a flow that ends on the account page
// leaves there ("Password changed, you're signed in"). Each belongs to the session and the
// moment that caused it (lib/client/session.ts): cleared when this tab signs in or out, bound
// to the first session whose account page shows it, and a "Passkey created" only while its
// passkey is on the account. Otherwise it stays until the person closes it, so nobody reads
// it against a timer. The account page shows them (app/account/notices.tsx); the announcer
// in the root layout (lib/client/announcer.tsx) reads the newest one out, politely.

export const PASSKEY_CREATED = {
  title: 'Passkey created.',
  text: 'Next time, sign in with your passkey instead of your password.',
} as const;

export type PasskeyNotice = { id: number; userHandle: string; passkeyId: string };
export type Confirmation = { id: number; email: string; text: string };
export type Notices = {
  passkey: PasskeyNotice | null;
  confirmation: Confirmation | null;
  /**
   * A passkey (its credential id) the server is storing: its "Passkey created" is on its way.
   * The account page's data may list it first, and keeps the notice's room meanwhile.
   */
  expected: string | null;
  /** The session (its public id) whose account page first showed them. */
  session: string | null;
};

const NONE: Notices = { passkey: null, confirmation: null, expected: null, session: null };
let state: Notices = NONE;
let nextId = 1;
const listeners = new Set<() => void>();

function set(next: Notices) {
  state = next;
  for (const listener of listeners) listener();
}

onSessionChange(() => set(NONE));

/**
 * "Passkey created", for the passkey just stored for the account with this WebAuthn user
 * handle. `epoch`: the session the work that made it started in; stale, nothing is shown.
 */
export function showPasskeyCreated(passkey: { userHandle: string; passkeyId: string }, epoch = sessionEpoch()): void {
  if (epoch !== sessionEpoch()) return;
  set({ ...state, passkey: { id: nextId++, ...passkey }, expected: null });
}

/** A passkey is being stored (`credentialId`), or that ended without one (null). */
export function expectPasskeyCreated(credentialId: string | null, epoch = sessionEpoch()): void {
  if (epoch !== sessionEpoch() || state.expected === credentialId) return;
  set({ ...state, expected: credentialId });
}

/** What a flow that changed how the person signs in says when it lands on the account page. */
export function showConfirmation(text: string, email: string): void {
  set({ ...state, confirmation: { id: nextId++, email, text } });
}

export function dismissPasskeyNotice(): void {
  if (state.passkey) set({ ...state, passkey: null });
}

export function dismissConfirmation(): void {
  if (state.confirmation) set({ ...state, confirmation: null });
}

/**
 * The account page of session `sessionId` shows the notices: they become that session's. If
 * another session's page showed them first (this tab's cookie changed under it, say from
 * another tab), they are not this one's to see, and go.
 */
export function claimNotices(sessionId: string): void {
  if (state.session === sessionId || (!state.passkey && !state.confirmation && !state.expected)) return;
  set(state.session === null ? { ...state, session: sessionId } : NONE);
}

export function notices(): Notices {
  return state;
}

export function noNotices(): Notices {
  return NONE;
}

export function subscribeNotices(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The newest notice's words, as the announcer reads them out. */
export function newestNoticeText(current: Notices): { id: number; text: string } | null {
  const { passkey, confirmation } = current;
  if (passkey && (!confirmation || passkey.id > confirmation.id))
    return { id: passkey.id, text: `${PASSKEY_CREATED.title} ${PASSKEY_CREATED.text}` };
  return confirmation ? { id: confirmation.id, text: confirmation.text } : null;
}
