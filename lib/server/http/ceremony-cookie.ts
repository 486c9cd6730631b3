import 'server-only';
import { cookies } from 'next/headers';
import { config } from '../platform/config';
import { isLiveBinding } from '../webauthn/challenge';
import { randomToken, sha256Hex } from '../platform/crypto';

// Before sign-in there is no session to bind a WebAuthn challenge to, so the sign-in options
// set this random cookie and the challenge is bound to its hash: an assertion made in one
// browser cannot be finished from another. Only the server issues it: a token is kept only
// while a live challenge is bound to it (so a value the client made up, or one planted by
// someone else, is replaced), and it is dropped after a passkey sign-in, so each sign-in
// starts with a new one. Several tabs of one browser share the live token.

const MAX_AGE_SECONDS = 60 * 60;

export function ceremonyCookieName(): string {
  return config().secureCookies ? '__Host-ceremony' : 'ceremony';
}

/** The cookie's value if it is a well-formed token (32 random bytes, base64url), else undefined. */
export function ceremonyTokenFrom(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export async function readCeremonyToken(): Promise<string | undefined> {
  return ceremonyTokenFrom((await cookies()).get(ceremonyCookieName())?.value);
}

/** The browser's ceremony token: the one the server issued it lately, else a new one. */
export async function ensureCeremonyToken(): Promise<string> {
  const existing = await readCeremonyToken();
  if (existing && (await isLiveBinding(sha256Hex(existing)))) return existing;
  const token = randomToken(32);
  (await cookies()).set(ceremonyCookieName(), token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config().secureCookies,
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
  return token;
}

/** Drops the ceremony cookie (after a sign-in), so the next ceremony gets a new token. */
export async function dropCeremonyToken(): Promise<void> {
  (await cookies()).set(ceremonyCookieName(), '', {
    httpOnly: true,
    sameSite: 'strict',
    secure: config().secureCookies,
    path: '/',
    maxAge: 0,
  });
}
