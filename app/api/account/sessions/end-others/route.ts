import { NextResponse } from 'next/server';
import { endOtherSessions } from '@/lib/server/account';
import { clientInfo, methods, route } from '@/lib/server/http';
import { requireCurrentSession } from '@/lib/server/session';

const handlePost = route(async (request) => {
  const current = await requireCurrentSession();
  const ended = await endOtherSessions(current, clientInfo(request));
  return NextResponse.json({ ended }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
