import { NextResponse } from 'next/server';
import { accountSessions } from '@/lib/server/account';
import { route } from '@/lib/server/http';
import { requireCurrentSession } from '@/lib/server/session';

export const GET = route(async () => {
  const current = await requireCurrentSession();
  return NextResponse.json({ sessions: await accountSessions(current) }, { headers: { 'Cache-Control': 'no-store' } });
});
