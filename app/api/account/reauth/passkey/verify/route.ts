import { NextResponse } from 'next/server';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { reauthenticateWithPasskey } from '@/lib/server/account/reauthentication';
import { authenticationResponseSchema } from '@/lib/server/webauthn/input';
import { setSessionCookie } from '@/lib/server/http/session-cookie';

const handlePost = route({ session: 'required' }, async function confirmWithPasskey(request, { current }) {
  const response = await readJson(request, authenticationResponseSchema, 64 * 1024);
  const confirmed = await reauthenticateWithPasskey(current, response, clientInfo(request));
  // A new token for the same session (the old one stopped working).
  await setSessionCookie(confirmed.token, confirmed.expiresAt);
  return NextResponse.json({ reauthenticated: true }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
