import { NextResponse } from 'next/server';
import { methods, route } from '@/lib/server/http';
import { manualRegistrationOptions } from '@/lib/server/passkey-registration';
import { requireCurrentSession } from '@/lib/server/session';

const handlePost = route(async () => {
  const current = await requireCurrentSession();
  const options = await manualRegistrationOptions(current);
  return NextResponse.json(options, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
