import { NextResponse } from 'next/server';
import { endOtherSessions } from '@/lib/server/account/management';
import { clientInfo, methods, route } from '@/lib/server/http/route';

const handlePost = route({ session: 'required' }, async function endOthers(request, { current }) {
  const ended = await endOtherSessions(current, clientInfo(request));
  return NextResponse.json({ ended }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
