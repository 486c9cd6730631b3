import { NextResponse } from 'next/server';
import { signInSchema } from '@/lib/server/http/schemas';
import { Failure } from '@/lib/server/platform/failure';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { signInWithPassword } from '@/lib/server/account/password-sign-in';
import { sessionJson, userJson } from '@/lib/server/http/responses';
import { setSessionCookie } from '@/lib/server/http/session-cookie';

const handlePost = route({ session: 'none' }, async function passwordSignIn(request) {
  const { email, password } = await readJson(request, signInSchema);
  const result = await signInWithPassword(email, password, clientInfo(request));
  if (!result.ok) {
    if (result.reason === 'rate_limited') {
      throw new Failure('too_many_attempts', 'Too many failed sign-in attempts.', { retryAfterSeconds: result.retryAfterSeconds });
    }
    throw new Failure('invalid_credentials', 'The email or password is incorrect.');
  }
  await setSessionCookie(result.token, result.session.expiresAt);
  return NextResponse.json(
    { user: userJson(result.user), session: sessionJson(result.session) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
