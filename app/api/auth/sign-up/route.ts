import { NextResponse } from 'next/server';
import { signUpSchema } from '@/lib/server/auth-schemas';
import { HttpError, clientInfo, methods, readJson, route } from '@/lib/server/http';
import { signUp } from '@/lib/server/password-auth';
import { sessionJson, userJson } from '@/lib/server/responses';
import { setSessionCookie } from '@/lib/server/session';

const handlePost = route(async (request) => {
  const input = await readJson(request, signUpSchema);
  const result = await signUp(input, clientInfo(request));
  if (!result.ok) {
    switch (result.reason) {
      case 'weak_password':
        throw new HttpError(400, 'weak_password', result.message, { password: result.message });
      case 'email_taken':
        throw new HttpError(409, 'email_taken', 'An account with this email already exists. Sign in instead.', {
          email: 'An account with this email already exists.',
        });
      case 'rate_limited':
        throw new HttpError(429, 'too_many_requests', 'Too many accounts created from here. Try again later.', undefined, {
          'Retry-After': String(result.retryAfterSeconds),
        });
    }
  }
  await setSessionCookie(result.token, result.session.expiresAt);
  return NextResponse.json(
    { user: userJson(result.user), session: sessionJson(result.session) },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
