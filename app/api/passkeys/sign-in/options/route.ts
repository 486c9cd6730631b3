import { NextResponse } from 'next/server';
import { ensureCeremonyToken } from '@/lib/server/ceremony-cookie';
import { route } from '@/lib/server/http';
import { authenticationOptions } from '@/lib/server/passkey-authentication';

export const POST = route(async () => {
  const options = await authenticationOptions(await ensureCeremonyToken());
  return NextResponse.json(options, { headers: { 'Cache-Control': 'no-store' } });
});
