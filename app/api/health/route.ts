import { NextResponse } from 'next/server';
import { databaseHealth } from '@/lib/server/health';
import { route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

export const GET = route(async () => {
  const database = await databaseHealth();
  const ok = database.ok;
  return NextResponse.json(
    { status: ok ? 'ok' : 'degraded', database },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
});
