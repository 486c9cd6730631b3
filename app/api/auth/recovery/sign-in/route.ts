import { NextResponse } from 'next/server';
import { emailLinkSchema } from '@/lib/server/http/schemas';
import { afterResponse, clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { signInWithRecoveryLink } from '@/lib/server/account/recovery';
import { sessionJson } from '@/lib/server/http/responses';
import { setSessionCookie } from '@/lib/server/http/session-cookie';

// For an account whose passkeys are lost: signs in by the link, so the page can go on to
// create a new passkey (or set a password) and remove the lost ones.
const handlePost = route({ session: 'none' }, async function signInWithLink(request) {
  const { token } = await readJson(request, emailLinkSchema);
  const recovered = await signInWithRecoveryLink(token, clientInfo(request));
  await setSessionCookie(recovered.token, recovered.session.expiresAt);
  afterResponse('recovery sign-in email', recovered.notice);
  return NextResponse.json(
    { email: recovered.email, session: sessionJson(recovered.session) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
