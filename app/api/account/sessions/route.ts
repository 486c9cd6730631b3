import { NextResponse } from 'next/server';
import { accountSessions } from '@/lib/server/account/management';
import { methods, route } from '@/lib/server/http/route';

const handleGet = route({ session: 'required' }, async function listSessions(_request, { current }) {
  return NextResponse.json({ sessions: await accountSessions(current) }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
