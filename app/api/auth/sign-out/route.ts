import { NextResponse } from 'next/server';
import { clientInfo, methods, route } from '@/lib/server/http/route';
import { recordEvent } from '@/lib/server/audit/security-events';
import { endSession } from '@/lib/server/identity/session';
import { clearSessionCookie } from '@/lib/server/http/session-cookie';

// Signing out twice, or without a session, is not an error: the outcome is the same.
const handlePost = route({ session: 'optional' }, async function signOut(request, { current }) {
  if (current) {
    await endSession(current.session);
    await recordEvent('sign_out', current.user.id, clientInfo(request));
  }
  await clearSessionCookie();
  return NextResponse.json({ signedOut: true }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
