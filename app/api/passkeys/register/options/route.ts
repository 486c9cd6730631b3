import { NextResponse } from 'next/server';
import { route } from '@/lib/server/http';
import { manualRegistrationOptions } from '@/lib/server/passkey-registration';
import { requireCurrentSession } from '@/lib/server/session';

export const POST = route(async () => {
  const current = await requireCurrentSession();
  const options = await manualRegistrationOptions(current);
  return NextResponse.json(options, { headers: { 'Cache-Control': 'no-store' } });
});
