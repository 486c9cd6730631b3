import { NextResponse } from 'next/server';
import { route } from '@/lib/server/http';
import { reauthenticationOptions } from '@/lib/server/reauthentication';
import { requireCurrentSession } from '@/lib/server/session';

export const POST = route(async () => {
  const current = await requireCurrentSession();
  return NextResponse.json(await reauthenticationOptions(current), { headers: { 'Cache-Control': 'no-store' } });
});
