import 'server-only';
import { randomUUID } from 'node:crypto';
import { config } from '../platform/config';
import { sha256Hex } from '../platform/crypto';
import { db } from '../platform/db';

// WebAuthn challenges (WebAuthn L3 §13.4.3): generated server-side, stored with a short
// expiry, bound to one browser and to one purpose, and consumed exactly once. Consuming
// deletes the row in one statement, so of two requests presenting the same challenge only
// one gets it; the row is gone whether the ceremony then succeeds or not.
//
// Every sign-in stores, checks and consumes a challenge, so these three are plain SQL (the
// same text on SQLite and PostgreSQL; Prisma gives the results the schema's types): through
// Prisma's query interpreter each cost two to four times as much CPU (docs/decisions/008).

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
  const now = new Date();
  const expiresAt = new Date(now.getTime() + config().challengeTtlSeconds * 1000);
  await db.$executeRaw`
    INSERT INTO "Challenge" ("id", "challenge", "purpose", "bindingHash", "userId", "mediation", "createdAt", "expiresAt")
    VALUES (${randomUUID()}, ${input.challenge}, ${input.purpose}, ${hash}, ${input.userId ?? null}, ${input.mediation ?? null}, ${now}, ${expiresAt})`;
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
  // the same challenge, only one gets the row back; the other finds nothing.
  const hash = bindingHash(input.binding);
  const [row] = hash
    ? await db.$queryRaw<{ challenge: string; purpose: string; userId: string | null; mediation: string | null; expiresAt: Date }[]>`
        DELETE FROM "Challenge" WHERE "challenge" = ${input.challenge} AND "bindingHash" = ${hash}
        RETURNING "challenge", "purpose", "userId", "mediation", "expiresAt"`
    : [];
  if (!row) {
    const elsewhere = await db.challenge.count({ where: { challenge: input.challenge } });
    return { ok: false, problem: elsewhere > 0 ? 'other_browser' : 'unknown' };
  }
  if (!input.purposes.includes(row.purpose as ChallengePurpose)) return { ok: false, problem: 'wrong_purpose' };
  if ((input.now ?? new Date()) >= row.expiresAt) return { ok: false, problem: 'expired' };
  const mediation = row.mediation === 'autofill' || row.mediation === 'button' ? row.mediation : null;
  return { ok: true, value: { challenge: row.challenge, purpose: row.purpose as ChallengePurpose, userId: row.userId, mediation } };
}

/** Whether a live challenge is bound to this hash: the server issued that binding, lately. */
export async function isLiveBinding(bindingHashValue: string, now = new Date()): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 AS "live" FROM "Challenge" WHERE "bindingHash" = ${bindingHashValue} AND "expiresAt" > ${now} LIMIT 1`;
  return rows.length > 0;
}

export const challengeProblemMessage: Record<ChallengeProblem, string> = {
  unknown: 'The challenge is unknown or was already used. Start again.',
  expired: 'The challenge has expired. Start again.',
  other_browser: 'The challenge was issued to another browser session.',
  wrong_purpose: 'The challenge was issued for another kind of ceremony.',
};
