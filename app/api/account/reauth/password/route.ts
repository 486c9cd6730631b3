import { NextResponse } from 'next/server';
import { reauthPasswordSchema } from '@/lib/server/http/schemas';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { reauthenticateWithPassword } from '@/lib/server/account/reauthentication';
import { setSessionCookie } from '@/lib/server/http/session-cookie';

const handlePost = route({ session: 'required' }, async function confirmWithPassword(request, { current }) {
  const { password } = await readJson(request, reauthPasswordSchema);
  const confirmed = await reauthenticateWithPassword(current, password, clientInfo(request));
  // A new token for the same session (the old one stopped working).
  await setSessionCookie(confirmed.token, confirmed.expiresAt);
  return NextResponse.json({ reauthenticated: true }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
