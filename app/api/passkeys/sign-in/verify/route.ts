import { NextResponse } from 'next/server';
import { dropCeremonyToken, readCeremonyToken } from '@/lib/server/ceremony-cookie';
import { clientInfo, methods, readJson, route } from '@/lib/server/http';
import { verifyPasskeySignIn } from '@/lib/server/passkey-authentication';
import { sessionJson, userJson } from '@/lib/server/responses';
import { setSessionCookie } from '@/lib/server/session';
import { authenticationResponseSchema } from '@/lib/server/webauthn-input';

const handlePost = route(async (request) => {
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
