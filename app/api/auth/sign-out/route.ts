import { NextResponse } from 'next/server';
import { clientInfo, methods, route } from '@/lib/server/http';
import { recordEvent } from '@/lib/server/security-events';
import { clearSessionCookie, deleteSession, getCurrentSession } from '@/lib/server/session';

// Signing out twice, or without a session, is not an error: the outcome is the same.
const handlePost = route(async (request) => {
  const current = await getCurrentSession();
  if (current) {
    await deleteSession(current.session.id);
    await recordEvent('sign_out', current.user.id, clientInfo(request));
  }
  await clearSessionCookie();
  return NextResponse.json({ signedOut: true }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
