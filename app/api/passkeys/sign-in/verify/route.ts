import { NextResponse } from 'next/server';
import { dropCeremonyToken, readCeremonyToken } from '@/lib/server/http/ceremony-cookie';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { verifyPasskeySignIn } from '@/lib/server/webauthn/authentication';
import { sessionJson, userJson } from '@/lib/server/http/responses';
import { setSessionCookie } from '@/lib/server/http/session-cookie';
import { authenticationResponseSchema } from '@/lib/server/webauthn/input';

const handlePost = route({ session: 'none' }, async function passkeySignIn(request) {
  const response = await readJson(request, authenticationResponseSchema, 64 * 1024);
  const result = await verifyPasskeySignIn(await readCeremonyToken(), response, clientInfo(request));
  await setSessionCookie(result.token, result.session.expiresAt);
  await dropCeremonyToken();
  return NextResponse.json(
    { user: userJson(result.user), session: sessionJson(result.session) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
