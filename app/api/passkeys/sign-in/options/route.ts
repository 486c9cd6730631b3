import { NextResponse } from 'next/server';
import { ensureCeremonyToken } from '@/lib/server/http/ceremony-cookie';
import { clientInfo, methods, route } from '@/lib/server/http/route';
import { authenticationOptions } from '@/lib/server/webauthn/authentication';

const handlePost = route({ session: 'none' }, async function signInOptions(request) {
  const options = await authenticationOptions(await ensureCeremonyToken(), clientInfo(request));
  return NextResponse.json(options, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
