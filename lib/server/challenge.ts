import 'server-only';
import { config } from './config';
import { sha256Hex } from './crypto';
import { db, isRecordNotFound } from './db';

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

export type ConsumedChallenge = { challenge: string; purpose: ChallengePurpose; userId: string | null };

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
}): Promise<void> {
  const hash = bindingHash(input.binding);
  if (!hash) throw new Error('A challenge must be bound to a browser');
  await db.challenge.create({
    data: {
      challenge: input.challenge,
      purpose: input.purpose,
      bindingHash: hash,
      userId: input.userId ?? null,
      expiresAt: new Date(Date.now() + config().challengeTtlSeconds * 1000),
    },
  });
}

/**
 * Takes the challenge out of the database if it is there, whatever happens next, and says
 * whether it may be used here: same browser, one of `purposes`, not expired.
 */
export async function consumeChallenge(input: {
  challenge: string;
  binding: ChallengeBinding;
  purposes: readonly ChallengePurpose[];
  now?: Date;
}): Promise<{ ok: true; value: ConsumedChallenge } | { ok: false; problem: ChallengeProblem }> {
  // One DELETE … RETURNING: of two requests presenting the same challenge, only one gets
  // the row back; the other finds nothing (P2025), as for a challenge that never existed.
  let row: Awaited<ReturnType<typeof db.challenge.delete>>;
  try {
    row = await db.challenge.delete({ where: { challenge: input.challenge } });
  } catch (error) {
    if (isRecordNotFound(error)) return { ok: false, problem: 'unknown' };
    throw error;
  }
  if (bindingHash(input.binding) !== row.bindingHash) return { ok: false, problem: 'other_browser' };
  if (!input.purposes.includes(row.purpose as ChallengePurpose)) return { ok: false, problem: 'wrong_purpose' };
  if ((input.now ?? new Date()) >= row.expiresAt) return { ok: false, problem: 'expired' };
  return { ok: true, value: { challenge: row.challenge, purpose: row.purpose as ChallengePurpose, userId: row.userId } };
}

export const challengeProblemMessage: Record<ChallengeProblem, string> = {
  unknown: 'The challenge is unknown or was already used. Start again.',
  expired: 'The challenge has expired. Start again.',
  other_browser: 'The challenge was issued to another browser session.',
  wrong_purpose: 'The challenge was issued for another kind of ceremony.',
};
