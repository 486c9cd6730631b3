import { NextResponse } from 'next/server';
import { signUpSchema } from '@/lib/server/http/schemas';
import { Failure } from '@/lib/server/platform/failure';
import { afterResponse, clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { newVerificationLink } from '@/lib/server/account/email-verification';
import { signUp } from '@/lib/server/account/password-sign-in';
import { sessionJson, userJson } from '@/lib/server/http/responses';
import { setSessionCookie } from '@/lib/server/http/session-cookie';

const handlePost = route({ session: 'none' }, async function passwordSignUp(request) {
  const input = await readJson(request, signUpSchema);
  const client = clientInfo(request);
  const result = await signUp(input, client);
  if (!result.ok) {
    switch (result.reason) {
      case 'weak_password':
        throw new Failure('weak_password', result.message, { fields: { password: result.message } });
      case 'email_taken':
        throw new Failure('email_taken', 'An account with this email already exists. Sign in instead.', {
          fields: {
            email: 'An account with this email already exists.',
          },
        });
      case 'rate_limited':
        throw new Failure('too_many_requests', 'Too many accounts were created from here.', {
          retryAfterSeconds: result.retryAfterSeconds,
        });
    }
  }
  await setSessionCookie(result.token, result.session.expiresAt);
  afterResponse('verification email', await newVerificationLink(result.user, client));
  return NextResponse.json(
    { user: userJson(result.user), session: sessionJson(result.session) },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
