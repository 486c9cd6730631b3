import { NextResponse } from 'next/server';
import { clientInfo, methods, readJson, route } from '@/lib/server/http';
import { reauthenticateWithPasskey } from '@/lib/server/reauthentication';
import { requireCurrentSession } from '@/lib/server/session';
import { authenticationResponseSchema } from '@/lib/server/webauthn-input';

const handlePost = route(async (request) => {
  const current = await requireCurrentSession();
  const response = await readJson(request, authenticationResponseSchema, 64 * 1024);
  await reauthenticateWithPasskey(current, response, clientInfo(request));
  return NextResponse.json({ reauthenticated: true }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
