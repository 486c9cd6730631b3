import { NextResponse } from 'next/server';
import { methods, route } from '@/lib/server/http/route';
import { reauthenticationOptions } from '@/lib/server/account/reauthentication';

const handlePost = route({ session: 'required' }, async function confirmWithPasskeyOptions(_request, { current }) {
  return NextResponse.json(await reauthenticationOptions(current), { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
