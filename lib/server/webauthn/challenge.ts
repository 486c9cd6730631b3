import 'server-only';
import { config } from '../platform/config';
import { sha256Hex } from '../platform/crypto';
import { db, isRecordNotFound } from '../platform/db';

// WebAuthn challenges (WebAuthn L3 §13.4.3): generated server-side, stored with a short
// expiry, bound to one browser and to one purpose, and consumed exactly once. Consuming
// deletes the row in one statement, so of two requests presenting the same challenge only
// one gets it; the row is gone whether the ceremony then succeeds or not.

export type ChallengePurpose = 'registration' | 'upgrade' | 'authentication' | 'reauthentication';

/**
 * What ties a ceremony to one browser: its session (the session id is already the SHA-256 of
 * the session cookie), or, before sign-in, the random ceremony cookie.
 */
export type ChallengeBinding = { sessionId: string } | { ceremonyToken: string | undefined };

/** How the browser was asked for a passkey sign-in: in the username field's autofill, or its dialog. */
export type Mediation = 'autofill' | 'button';

export type ConsumedChallenge = { challenge: string; purpose: ChallengePurpose; userId: string | null; mediation: Mediation | null };

export type ChallengeProblem = 'unknown' | 'expired' | 'other_browser' | 'wrong_purpose';

function bindingHash(binding: ChallengeBinding): string | null {
  if ('sessionId' in binding) return binding.sessionId;
  return binding.ceremonyToken ? sha256Hex(binding.ceremonyToken) : null;
}

/** Stores a challenge that @simplewebauthn/server generated for a set of options. */
export async function saveChallenge(input: {
  challenge: string;
  purpose: ChallengePurpose;
  binding: ChallengeBinding;
  userId?: string;
  mediation?: Mediation;
}): Promise<void> {
  const hash = bindingHash(input.binding);
  if (!hash) throw new Error('A challenge must be bound to a browser');
  await db.challenge.create({
    data: {
      challenge: input.challenge,
      purpose: input.purpose,
      bindingHash: hash,
      userId: input.userId ?? null,
      mediation: input.mediation ?? null,
      expiresAt: new Date(Date.now() + config().challengeTtlSeconds * 1000),
    },
  });
}

/**
 * Takes the challenge out of the database if it is bound to this browser, whatever happens
 * next, and says whether it may be used here: one of `purposes`, not expired. A challenge
 * bound to another browser is left alone: someone who learns a challenge cannot burn it.
 */
export async function consumeChallenge(input: {
  challenge: string;
  binding: ChallengeBinding;
  purposes: readonly ChallengePurpose[];
  now?: Date;
}): Promise<{ ok: true; value: ConsumedChallenge } | { ok: false; problem: ChallengeProblem }> {
  // One DELETE … RETURNING, only of a row bound to this browser: of two requests presenting
  // the same challenge, only one gets the row back; the other finds nothing (P2025).
  const hash = bindingHash(input.binding);
  let row: Awaited<ReturnType<typeof db.challenge.delete>>;
  try {
    if (!hash) throw new NoBinding();
    row = await db.challenge.delete({ where: { challenge: input.challenge, bindingHash: hash } });
  } catch (error) {
    if (!(error instanceof NoBinding) && !isRecordNotFound(error)) throw error;
    const elsewhere = await db.challenge.count({ where: { challenge: input.challenge } });
    return { ok: false, problem: elsewhere > 0 ? 'other_browser' : 'unknown' };
  }
  if (!input.purposes.includes(row.purpose as ChallengePurpose)) return { ok: false, problem: 'wrong_purpose' };
  if ((input.now ?? new Date()) >= row.expiresAt) return { ok: false, problem: 'expired' };
  const mediation = row.mediation === 'autofill' || row.mediation === 'button' ? row.mediation : null;
  return { ok: true, value: { challenge: row.challenge, purpose: row.purpose as ChallengePurpose, userId: row.userId, mediation } };
}

class NoBinding extends Error {}

/** Whether a live challenge is bound to this hash: the server issued that binding, lately. */
export async function isLiveBinding(bindingHashValue: string, now = new Date()): Promise<boolean> {
  return (await db.challenge.count({ where: { bindingHash: bindingHashValue, expiresAt: { gt: now } } })) > 0;
}

export const challengeProblemMessage: Record<ChallengeProblem, string> = {
  unknown: 'The challenge is unknown or was already used. Start again.',
  expired: 'The challenge has expired. Start again.',
  other_browser: 'The challenge was issued to another browser session.',
  wrong_purpose: 'The challenge was issued for another kind of ceremony.',
};
