import { NextResponse } from 'next/server';
import { reauthPasswordSchema } from '@/lib/server/auth-schemas';
import { clientInfo, methods, readJson, route } from '@/lib/server/http';
import { reauthenticateWithPassword } from '@/lib/server/reauthentication';
import { requireCurrentSession } from '@/lib/server/session';

const handlePost = route(async (request) => {
  const current = await requireCurrentSession();
  const { password } = await readJson(request, reauthPasswordSchema);
  await reauthenticateWithPassword(current, password, clientInfo(request));
  return NextResponse.json({ reauthenticated: true }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
