import 'server-only';
import { config } from '../platform/config';
import { Failure } from '../platform/failure';
import {
  challengeProblemMessage,
  consumeChallenge,
  saveChallenge,
  type ChallengeBinding,
  type ChallengePurpose,
  type ConsumedChallenge,
  type Mediation,
} from './challenge';
import { readClientData, type ClientData } from './input';

// What every WebAuthn ceremony does the same way, written once: registration, sign-in and
// re-authentication each call these, so a ceremony added later cannot drop a step.

/** How long the browser may take: the challenge's lifetime, so both give up together. */
export function ceremonyTimeoutMs(): number {
  return config().challengeTtlSeconds * 1000;
}

/** Stores the challenge of freshly generated options, bound to a browser and a purpose. */
export async function issueChallenge<T extends { challenge: string }>(
  options: T,
  purpose: ChallengePurpose,
  binding: ChallengeBinding,
  userId?: string,
  mediation?: Mediation,
): Promise<T> {
  await saveChallenge({ challenge: options.challenge, purpose, binding, userId, mediation });
  return options;
}

export type Ceremony = 'registration' | 'sign-in' | 'confirmation';

const FRAMED: Record<Ceremony, string> = {
  registration: 'The passkey was created inside a cross-origin frame.',
  'sign-in': 'The sign-in came from inside a cross-origin frame.',
  confirmation: 'The confirmation came from a cross-origin frame.',
};

/**
 * The first steps of verifying a response (WebAuthn L3 §7.1 steps 5–9, §7.2 steps 8–13):
 * read clientDataJSON; take its challenge out of the database, once and atomically, if it is
 * bound to this browser and issued for one of `purposes`; refuse a response made inside a
 * cross-origin frame (`crossOrigin: true`, or any `topOrigin`, which only such a frame sets;
 * @simplewebauthn/server checks crossOrigin only at sign-in). `onRefusal` runs when the
 * challenge was taken and the response is then refused here, so the caller can record why.
 */
export async function openCeremony(input: {
  ceremony: Ceremony;
  clientDataJSON: string;
  binding: ChallengeBinding;
  purposes: readonly ChallengePurpose[];
  onRefusal?: (challenge: ConsumedChallenge, failure: Failure) => Promise<void>;
}): Promise<{ clientData: ClientData; challenge: ConsumedChallenge }> {
  const clientData = readClientData(input.clientDataJSON);
  const consumed = await consumeChallenge({ challenge: clientData.challenge, binding: input.binding, purposes: input.purposes });
  if (!consumed.ok) throw new Failure('invalid_challenge', challengeProblemMessage[consumed.problem]);
  if (clientData.crossOrigin === true || clientData.topOrigin !== undefined) {
    const failure = new Failure('cross_origin', FRAMED[input.ceremony]);
    await input.onRefusal?.(consumed.value, failure);
    throw failure;
  }
  return { clientData, challenge: consumed.value };
}

/** An error's message for a client, shortened (the library's messages are safe to show). */
export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
