import { NextResponse } from 'next/server';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { reauthenticateWithPasskey } from '@/lib/server/account/reauthentication';
import { authenticationResponseSchema } from '@/lib/server/webauthn/input';

const handlePost = route({ session: 'required' }, async function confirmWithPasskey(request, { current }) {
  const response = await readJson(request, authenticationResponseSchema, 64 * 1024);
  await reauthenticateWithPasskey(current, response, clientInfo(request));
  return NextResponse.json({ reauthenticated: true }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
