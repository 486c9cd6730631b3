import { NextResponse } from 'next/server';
import { ensureCeremonyToken } from '@/lib/server/ceremony-cookie';
import { methods, route } from '@/lib/server/http';
import { authenticationOptions } from '@/lib/server/passkey-authentication';

const handlePost = route(async () => {
  const options = await authenticationOptions(await ensureCeremonyToken());
  return NextResponse.json(options, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
