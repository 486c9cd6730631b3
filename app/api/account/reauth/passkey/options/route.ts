import { NextResponse } from 'next/server';
import { methods, route } from '@/lib/server/http';
import { reauthenticationOptions } from '@/lib/server/reauthentication';
import { requireCurrentSession } from '@/lib/server/session';

const handlePost = route(async () => {
  const current = await requireCurrentSession();
  return NextResponse.json(await reauthenticationOptions(current), { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
