// Keeping the password manager in step with the server (WebAuthn L3 §5.1.10, Signal API).
// Each call only where the browser has it; all of them are advisory and never fail loudly.
//
// Calls go out one at a time (a browser may refuse one while another WebAuthn request is
// running), and of several waiting calls of one kind only the newest is sent: it carries
// the newest state. A call that has not settled after a few seconds is left behind, so one
// that never settles cannot hold up the others or the ceremonies that wait for them.

import { inspectSignal, noteSignal, short } from './inspector';

const INSPECTOR = process.env.NEXT_PUBLIC_INSPECTOR === 'on';

type SignalApi = {
  signalUnknownCredential?: (options: { rpId: string; credentialId: string }) => Promise<void>;
  signalAllAcceptedCredentials?: (options: { rpId: string; userId: string; allAcceptedCredentialIds: string[] }) => Promise<void>;
  signalCurrentUserDetails?: (options: { rpId: string; userId: string; name: string; displayName: string }) => Promise<void>;
};

function api(): SignalApi | undefined {
  return typeof PublicKeyCredential === 'undefined' ? undefined : (PublicKeyCredential as unknown as SignalApi);
}

const SIGNAL_TIMEOUT_MS = 3000;

let queue: Promise<void> = Promise.resolve();
const newest = new Map<string, number>();
let counter = 0;

function enqueue(kind: string, send: () => Promise<void> | undefined): Promise<void> {
  const ticket = ++counter;
  newest.set(kind, ticket);
  queue = queue.then(async () => {
    if (newest.get(kind) !== ticket) return; // a newer call of this kind replaced it
    try {
      const sent = send();
      const answered = await Promise.race([
        sent?.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), SIGNAL_TIMEOUT_MS)),
      ]);
      if (INSPECTOR) inspectSignal(kind, sent ? (answered ? 'done' : 'no answer within 3 s') : 'not supported by this browser');
    } catch (error) {
      // Advisory only.
      if (INSPECTOR) inspectSignal(kind, `refused: ${(error as { name?: string }).name ?? 'error'}`);
    }
  });
  return queue;
}

/**
 * Resolves when no signal is waiting or being sent (or after a short while at most): start
 * other WebAuthn requests after it, so the browser does not refuse one for the other.
 */
export function signalsSettled(maxWaitMs = 1500): Promise<void> {
  return Promise.race([queue, new Promise<void>((resolve) => setTimeout(resolve, maxWaitMs))]);
}

/** The server does not know this passkey: the manager may stop offering it. */
export function signalUnknownCredential(rpId: string, credentialId: string): Promise<void> {
  if (INSPECTOR) noteSignal(`unknown:${credentialId}`, [['Credential id', short(credentialId)]]);
  return enqueue(`unknown:${credentialId}`, () => api()?.signalUnknownCredential?.({ rpId, credentialId }));
}

/** The account's passkeys are exactly these: the manager may hide or drop any others. */
export function signalAcceptedCredentials(rpId: string, userId: string, credentialIds: string[]): Promise<void> {
  if (INSPECTOR)
    noteSignal(`accepted:${userId}`, [
      ['User handle', short(userId)],
      ['Accepted credentials', credentialIds.map((id) => short(id)).join(', ') || 'none'],
    ]);
  return enqueue(`accepted:${userId}`, () =>
    api()?.signalAllAcceptedCredentials?.({ rpId, userId, allAcceptedCredentialIds: credentialIds }),
  );
}

/** The account's current email and display name, for the manager's passkey list. */
export function signalUserDetails(rpId: string, userId: string, name: string, displayName: string): Promise<void> {
  if (INSPECTOR)
    noteSignal(`details:${userId}`, [
      ['User handle', short(userId)],
      ['name', name],
      ['displayName', displayName],
    ]);
  return enqueue(`details:${userId}`, () => api()?.signalCurrentUserDetails?.({ rpId, userId, name, displayName }));
}
