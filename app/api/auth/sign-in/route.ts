import { NextResponse } from 'next/server';
import { signInSchema } from '@/lib/server/auth-schemas';
import { HttpError, clientInfo, methods, readJson, route } from '@/lib/server/http';
import { signInWithPassword } from '@/lib/server/password-auth';
import { sessionJson, userJson } from '@/lib/server/responses';
import { setSessionCookie } from '@/lib/server/session';

const handlePost = route(async (request) => {
  const { email, password } = await readJson(request, signInSchema);
  const result = await signInWithPassword(email, password, clientInfo(request));
  if (!result.ok) {
    if (result.reason === 'rate_limited') {
      throw new HttpError(
        429,
        'too_many_attempts',
        'Too many failed sign-in attempts. Wait a few minutes and try again.',
        undefined,
        { 'Retry-After': String(result.retryAfterSeconds) },
      );
    }
    throw new HttpError(401, 'invalid_credentials', 'The email or password is incorrect.');
  }
  await setSessionCookie(result.token, result.session.expiresAt);
  return NextResponse.json(
    { user: userJson(result.user), session: sessionJson(result.session) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
