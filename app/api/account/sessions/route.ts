import { NextResponse } from 'next/server';
import { accountSessions } from '@/lib/server/account';
import { methods, route } from '@/lib/server/http';
import { requireCurrentSession } from '@/lib/server/session';

const handleGet = route(async () => {
  const current = await requireCurrentSession();
  return NextResponse.json({ sessions: await accountSessions(current) }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
