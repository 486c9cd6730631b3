import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { validateSessionToken, type CurrentSession } from '../identity/session';
import { config } from '../platform/config';

// The session cookie: the one place a session token crosses HTTP. The token is 32 random
// bytes; the database keeps only its SHA-256 (lib/server/identity/session.ts).

export function sessionCookieName(): string {
  // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and
  // Path=/, so a sibling subdomain cannot plant or overwrite it. Browsers require https for it.
  return config().secureCookies ? '__Host-session' : 'session';
}

/** The signed-in person for this request (pages, and route() for handlers that need one). */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  return token ? validateSessionToken(token) : null;
});

export async function setSessionCookie(token: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().secureCookies,
    path: '/',
    expires: expiresAt,
  });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).set(sessionCookieName(), '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().secureCookies,
    path: '/',
    maxAge: 0,
  });
}
