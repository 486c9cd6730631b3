import { NextResponse } from 'next/server';
import { ensureCeremonyToken } from '@/lib/server/ceremony-cookie';
import { clientInfo, methods, route } from '@/lib/server/http';
import { authenticationOptions } from '@/lib/server/passkey-authentication';

const handlePost = route(async (request) => {
  const options = await authenticationOptions(await ensureCeremonyToken(), clientInfo(request));
  return NextResponse.json(options, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
